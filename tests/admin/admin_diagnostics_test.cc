// The console's diagnostics against the running daemon: the rules explain tool (the help desk's
// "why wasn't I notified?"), taken as the pipeline takes the decision, and a test push to one
// registration's device through the fake CNS.
#include <Poco/JSON/Object.h>

#include "admin_fixture.h"

namespace itest {
namespace {

constexpr const char* kWorkHoursOnly =
    R"("workHoursOnly":true,"workHours":{"days":["mon","tue","wed","thu","fri"],)"
    R"("start":"09:00","end":"17:00"})";

// A mail from outside, sent to /explain with the registration or policy given.
std::string explainBody(const std::string& who, const std::string& at) {
  return "{" + who +
         R"(,"mail":{"senderAddress":"carol@fabrikam.com","senderName":"Carol",)"
         R"("subject":"Quarterly numbers","importance":"Normal"},"at":")" +
         at + "\"}";
}

class AdminDiagnosticsTest : public AdminTest {};

TEST_F(AdminDiagnosticsTest, HelpdeskExplainsARegistrationsDecisionAsThePipelineTakesIt) {
  const Registered bob = registerMailbox("bob@contoso.com", kWorkHoursOnly);
  auto desk =
      userWithRole("desk", "helpdesk", "first-password-given-by-admin", "their-own-password-123");
  const std::string who = R"("registrationId":")" + bob.id + "\"";

  // Saturday evening in Berlin: not a work day, and no weekend alerts.
  auto r =
      desk->call("POST", "/api/v1/admin/explain", explainBody(who, "2026-11-21T22:15:00+01:00"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = parseObject(r.body);
  EXPECT_FALSE(o->getValue<bool>("deliver"));
  EXPECT_EQ(o->getValue<std::string>("rule"), "outside-work-hours");
  EXPECT_EQ(o->getValue<std::string>("zone"), "Europe/Berlin");
  EXPECT_EQ(o->getValue<std::string>("localTime"), "2026-11-21T22:15:00+01:00 Saturday");
  EXPECT_FALSE(o->getValue<std::string>("reason").empty());

  // Monday 10:00 in Berlin (09:00 UTC): inside the work hours.
  r = desk->call("POST", "/api/v1/admin/explain", explainBody(who, "2026-11-23T09:00:00Z"));
  ASSERT_EQ(r.status, 200) << r.body;
  o = parseObject(r.body);
  EXPECT_TRUE(o->getValue<bool>("deliver"));
  EXPECT_EQ(o->getValue<std::string>("rule"), "inside-work-hours");
  EXPECT_EQ(o->getValue<std::string>("localTime"), "2026-11-23T10:00:00+01:00 Monday");

  // The same policy given as a registration body's policy part, as `enp rules explain` takes it.
  r = desk->call("POST", "/api/v1/admin/explain",
                 explainBody(std::string(R"("policy":{"mailbox":"bob@contoso.com",)") +
                                 R"("timeZone":"Europe/Berlin",)" + kWorkHoursOnly + "}",
                             "2026-11-21T22:15:00+01:00"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("rule"), "outside-work-hours");

  // Revoked: the pipeline drops its mail before the rules are asked.
  ASSERT_EQ(admin_->call("DELETE", "/api/v1/admin/registrations/" + bob.id).status, 204);
  r = desk->call("POST", "/api/v1/admin/explain", explainBody(who, "2026-11-23T09:00:00Z"));
  ASSERT_EQ(r.status, 200) << r.body;
  o = parseObject(r.body);
  EXPECT_FALSE(o->getValue<bool>("deliver"));
  EXPECT_EQ(o->getValue<std::string>("rule"), "revoked");
  // Explaining changes nothing: not audited.
  EXPECT_TRUE(audit("explain")->size() == 0);
}

TEST_F(AdminDiagnosticsTest, ExplainNamesTheFieldAtFault) {
  const std::string who = R"("registrationId":")" + reg_.id + "\"";
  const std::pair<std::string, std::string> cases[] = {
      {explainBody(who, "yesterday"), "\"field\":\"at\""},
      {explainBody(R"("policy":{"timeZone":"Mars/Olympus"})", "2026-11-23T09:00:00Z"),
       "\"field\":\"policy.timeZone\""},
      {explainBody(who + R"(,"policy":{})", "2026-11-23T09:00:00Z"), "either a registration"},
      {R"({"registrationId":")" + reg_.id + R"(","mail":{"sender":"x"}})",
       "\"field\":\"mail.sender\""},
  };
  for (const auto& [body, needle] : cases) {
    auto r = admin_->call("POST", "/api/v1/admin/explain", body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_NE(r.body.find(needle), std::string::npos) << body << ": " << r.body;
  }
  auto r = admin_->call("POST", "/api/v1/admin/explain",
                        explainBody(R"("registrationId":"no-such-id")", "2026-11-23T09:00:00Z"));
  EXPECT_EQ(r.status, 404) << r.body;
}

TEST_F(AdminDiagnosticsTest, OperatorSendsASignedTestPushToOneRegistrationsDevice) {
  auto ops =
      userWithRole("ops", "operator", "first-password-given-by-admin", "their-own-password-123");
  const std::string path = "/api/v1/admin/registrations/" + reg_.id + "/test-push";
  auto r = ops->call("POST", path, "{}", /*withCsrf=*/false);
  EXPECT_EQ(r.status, 403) << r.body;  // a change: the session's CSRF token is needed
  r = ops->call("POST", path, "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = parseObject(r.body);
  EXPECT_TRUE(o->getValue<bool>("ok")) << r.body;
  EXPECT_EQ(o->getValue<std::string>("outcome"), "delivered");
  EXPECT_NE(o->getValue<std::string>("message").find("CNS accepted"), std::string::npos);

  ASSERT_TRUE(cns_->waitForPushes(1, std::chrono::seconds(10)));
  const auto pushes = cns_->pushes();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0].sub(), kDeviceToken);
  auto n = pushes[0].notification();
  EXPECT_EQ(n->getValue<std::string>("subject"), "ENP test notification");
  EXPECT_EQ(n->getObject("from")->getValue<std::string>("name"), "ENP");
  EXPECT_TRUE(audited("registration.test-push", reg_.id));

  // A second test is a new notification, not a duplicate CNS would drop.
  ASSERT_EQ(ops->call("POST", path, "{}").status, 200);
  ASSERT_TRUE(cns_->waitForPushes(2, std::chrono::seconds(10)));
  EXPECT_EQ(cns_->distinctJtis(), 2u);
}

TEST_F(AdminDiagnosticsTest, TestPushSaysWhyCnsRefusedAndIsRefusedForRevokedAndHelpdesk) {
  const std::string path = "/api/v1/admin/registrations/" + reg_.id + "/test-push";
  cns_->script(fakes::CnsScriptedAnswer::unauthorized());
  auto r = admin_->call("POST", path, "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = parseObject(r.body);
  EXPECT_FALSE(o->getValue<bool>("ok"));
  EXPECT_EQ(o->getValue<int>("httpStatus"), 401);
  EXPECT_NE(o->getValue<std::string>("message").find("CNS refused"), std::string::npos) << r.body;

  auto desk =
      userWithRole("desk", "helpdesk", "first-password-given-by-admin", "their-own-password-123");
  r = desk->call("POST", path, "{}");
  EXPECT_EQ(r.status, 403) << r.body;

  ASSERT_EQ(admin_->call("DELETE", "/api/v1/admin/registrations/" + reg_.id).status, 204);
  r = admin_->call("POST", path, "{}");
  EXPECT_EQ(r.status, 409) << r.body;
  r = admin_->call("POST", "/api/v1/admin/registrations/no-such-id/test-push", "{}");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(cns_->counters().accepted, 0u);
}

}  // namespace
}  // namespace itest
