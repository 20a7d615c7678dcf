// The registration API of DESIGN §4.3 against the running daemon.
#include <Poco/JSON/Parser.h>

#include "pipeline_fixture.h"

namespace itest {
namespace {

HttpResult postRegistration(const std::string& base, const std::string& body,
                            const std::string& key = kRegistrationKey) {
  return httpRequest("POST", base + "/api/v1/registrations", body, "application/json",
                     {{"Authorization", "Bearer " + key}});
}

TEST_F(PipelineTest, RegistrationNeedsAValidKey) {
  auto r =
      postRegistration(daemon_->publicBase(), R"({"mailbox":"x@contoso.com","deviceToken":"t"})",
                       "wrong-key-wrong-key-wrong-key");
  EXPECT_EQ(r.status, 401);
}

TEST_F(PipelineTest, RegistrationErrorsNameTheField) {
  auto r =
      postRegistration(daemon_->publicBase(), R"({"mailbox":"not-an-address","deviceToken":"t"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"field\":\"mailbox\""), std::string::npos) << r.body;
  r = postRegistration(daemon_->publicBase(),
                       R"({"mailbox":"x@contoso.com","deviceToken":"t","timeZone":"Mars/Base"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Mars/Base"), std::string::npos) << r.body;
  r = postRegistration(daemon_->publicBase(), "not json");
  EXPECT_EQ(r.status, 400);
}

TEST_F(PipelineTest, UnknownRegistrationFieldsAreRefusedNamingThem) {
  auto r = postRegistration(daemon_->publicBase(),
                            R"({"mailbox":"x@contoso.com","deviceToken":"t","vip":["a@b.com"]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"vip")"), std::string::npos) << r.body;
  r = postRegistration(
      daemon_->publicBase(),
      R"({"mailbox":"x@contoso.com","deviceToken":"t","workHours":{"day":["mon"]}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"workHours.day")"), std::string::npos) << r.body;
  r = httpRequest("PUT", daemon_->publicBase() + "/api/v1/registrations/" + reg_.id,
                  R"({"mailbox":"alice@contoso.com","deviceToken":"t2","colour":"red"})",
                  "application/json", {{"Authorization", "Bearer " + reg_.secret}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"colour")"), std::string::npos) << r.body;
}

TEST_F(PipelineTest, WorkHoursOnlyWithoutAWorkDayIsRefusedNamingTheDays) {
  // Such a user would never be in work hours, so never notified (but for VIPs).
  const std::string noDay = R"("workHoursOnly":true,"workHours":{"days":[]})";
  auto r = postRegistration(daemon_->publicBase(),
                            R"({"mailbox":"x@contoso.com","deviceToken":"t",)" + noDay + "}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"workHours.days")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("at least one work day is needed when workHoursOnly is true"),
            std::string::npos)
      << r.body;
  // A change to such a policy is refused too.
  r = httpRequest("PUT", daemon_->publicBase() + "/api/v1/registrations/" + reg_.id,
                  R"({"mailbox":"alice@contoso.com","deviceToken":"t2",)" + noDay + "}",
                  "application/json", {{"Authorization", "Bearer " + reg_.secret}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"workHours.days")"), std::string::npos) << r.body;
  // No work day without workHoursOnly is a choice that still notifies: accepted.
  r = postRegistration(
      daemon_->publicBase(),
      R"({"mailbox":"y@contoso.com","deviceToken":"t","workHoursOnly":false,"workHours":{"days":[]}})");
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(PipelineTest, RegistrationListsAndStringsAreCapped) {
  auto vips = [](size_t n, const std::string& first) {
    std::string list;
    for (size_t i = 0; i < n; ++i) {
      list += (i == 0 ? "\"" + first : ",\"vip" + std::to_string(i) + "@contoso.com") + "\"";
    }
    return "[" + list + "]";
  };
  const std::string head = R"({"mailbox":"x@contoso.com","deviceToken":"t","vips":)";
  auto r = postRegistration(daemon_->publicBase(), head + vips(1001, "ceo@contoso.com") + "}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"vips")"), std::string::npos) << r.body.substr(0, 300);
  EXPECT_NE(r.body.find("at most 1000 entries"), std::string::npos) << r.body.substr(0, 300);
  r = postRegistration(daemon_->publicBase(),
                       head + vips(2, std::string(400, 'a') + "@contoso.com") + "}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"vips[0]")"), std::string::npos) << r.body.substr(0, 300);
  r = postRegistration(daemon_->publicBase(), R"({"mailbox":"x@contoso.com","deviceToken":")" +
                                                  std::string(4097, 't') + R"("})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"deviceToken")"), std::string::npos) << r.body.substr(0, 300);
  r = postRegistration(daemon_->publicBase(),
                       R"({"mailbox":"x@contoso.com","deviceToken":"t","timeZone":")" +
                           std::string(65, 'z') + R"("})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"timeZone")"), std::string::npos) << r.body;
  // At the limit it registers.
  r = postRegistration(daemon_->publicBase(), head + vips(1000, "ceo@contoso.com") + "}");
  EXPECT_EQ(r.status, 201) << r.body.substr(0, 300);
}

TEST_F(PipelineTest, RegistrationTextMustBeUtf8WithoutControlCharacters) {
  auto r = postRegistration(daemon_->publicBase(),
                            R"({"mailbox":"x@contoso.com","deviceToken":"t\u0000oken"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"deviceToken")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("control character U+0000"), std::string::npos) << r.body;
  r = postRegistration(daemon_->publicBase(),
                       R"({"mailbox":"x@contoso.com","deviceToken":"t","vips":["a\u001b@b.com"]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"vips[0]")"), std::string::npos) << r.body;
  // Bytes that are not UTF-8 inside a string.
  r = postRegistration(daemon_->publicBase(),
                       "{\"mailbox\":\"x@contoso.com\",\"deviceToken\":\"t\xFF\xFE\"}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"body")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("not valid UTF-8 (byte 43)"), std::string::npos) << r.body;
}

TEST_F(PipelineTest, OversizedRegistrationWrittenBeforeReadingStillGets413) {
  std::string error;
  const std::string answer =
      postWholeThenRead(daemon_->publicBase() + "/api/v1/registrations", 10 * 1024 * 1024,
                        {{"Content-Type", "application/json"},
                         {"Authorization", std::string("Bearer ") + kRegistrationKey}},
                        &error);
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 413") << error;
  // Refused before the body is read (no valid key): the answer arrives all the same.
  error.clear();
  const std::string refused = postWholeThenRead(
      daemon_->publicBase() + "/api/v1/registrations", 10 * 1024 * 1024,
      {{"Content-Type", "application/json"}, {"Authorization", "Bearer wrong-key"}}, &error);
  EXPECT_EQ(refused.substr(0, 12), "HTTP/1.1 401") << error;
}

TEST_F(PipelineTest, RegistrationTokensAreLongAndDistinct) {
  auto other = registerMailbox("bob@contoso.com");
  EXPECT_NE(other.callbackUrl, reg_.callbackUrl);
  EXPECT_NE(other.secret, reg_.secret);
  std::string token = other.callbackUrl.substr(other.callbackUrl.rfind('/') + 1);
  EXPECT_GE(token.size(), 22u);  // >= 128 bits in base64url
  EXPECT_EQ(other.callbackUrl.rfind(daemon_->publicBase() + "/ews/notify/", 0), 0u);
}

TEST_F(PipelineTest, PutChangesTheDeviceTokenForTheNextMail) {
  auto r = httpRequest("PUT", daemon_->publicBase() + "/api/v1/registrations/" + reg_.id,
                       R"({"mailbox":"alice@contoso.com","deviceToken":"new-device-token"})",
                       "application/json", {{"Authorization", "Bearer " + reg_.secret}});
  ASSERT_EQ(r.status, 200) << r.body;
  addMail("put-1", "To the new device");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "put-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, std::chrono::seconds(30))) << daemon_->log();
  EXPECT_EQ(cns_->pushes()[0].sub(), "new-device-token");
}

TEST_F(PipelineTest, SecretOfAnotherRegistrationIsRefused) {
  auto other = registerMailbox("bob@contoso.com");
  auto r = httpRequest("DELETE", daemon_->publicBase() + "/api/v1/registrations/" + reg_.id, "", "",
                       {{"Authorization", "Bearer " + other.secret}});
  EXPECT_EQ(r.status, 401);
}

TEST_F(PipelineTest, ReadyWhenSettingsAreComplete) {
  auto r = httpRequest("GET", daemon_->publicBase() + "/readyz");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(httpRequest("GET", daemon_->publicBase() + "/healthz").status, 200);
}

}  // namespace
}  // namespace itest
