// The health the dashboard shows follows the administrator's tests, never calls unusable
// settings "OK", and lists a repeated error once, marked when its source recovers.
#include "admin_fixture.h"

namespace itest {
namespace {

Poco::JSON::Object::Ptr dashboardCns(AdminClient& admin) {
  auto r = admin.call("GET", "/api/v1/admin/dashboard");
  EXPECT_EQ(r.status, 200) << r.body;
  return parseObject(r.body)->getObject("cns");
}

std::string cnsBody(const std::string& url, const std::string& audience) {
  return R"({"url":")" + url + R"(","organizationId":"org-contoso","audience":")" + audience +
         R"(","algorithm":"HS256"})";
}

TEST_F(AdminTest, CnsTestShowsCnsReasonAndTheSettingAndIsTheHealthOfCns) {
  EXPECT_EQ(dashboardCns(*admin_)->getValue<std::string>("status"), "unknown");
  ASSERT_EQ(
      admin_->call("PUT", "/api/v1/admin/cns", cnsBody(cns_->url(), "cns.wrong.example")).status,
      200);
  for (int i = 0; i < 3; ++i) {
    auto r = admin_->call("POST", "/api/v1/admin/cns/test", "{}");
    ASSERT_EQ(r.status, 200) << r.body;
    auto o = parseObject(r.body);
    EXPECT_FALSE(o->getValue<bool>("ok"));
    EXPECT_EQ(o->getValue<int>("httpStatus"), 400);
    EXPECT_EQ(o->getValue<std::string>("reason"),
              "invalid_token: claim aud does not contain cns.example.net")
        << r.body;
    EXPECT_EQ(o->getValue<std::string>("setting"), "audience");
    EXPECT_NE(o->getValue<std::string>("detail").find("check: Audience"), std::string::npos);
    expectNoSecrets(r);
  }
  auto cns = dashboardCns(*admin_);
  EXPECT_EQ(cns->getValue<std::string>("status"), "error");
  auto errors =
      parseObject(admin_->call("GET", "/api/v1/admin/dashboard").body)->getArray("recentErrors");
  ASSERT_EQ(errors->size(), 1u) << "three failed tests are one error, counted";
  EXPECT_EQ(errors->getObject(0)->getValue<int>("count"), 3);
  EXPECT_FALSE(errors->getObject(0)->has("resolvedAt"));

  // Fixed: the next test makes CNS healthy without waiting for mail, and the error is marked.
  ASSERT_EQ(
      admin_->call("PUT", "/api/v1/admin/cns", cnsBody(cns_->url(), "cns.example.net")).status,
      200);
  auto r = admin_->call("POST", "/api/v1/admin/cns/test", "{}");
  ASSERT_TRUE(parseObject(r.body)->getValue<bool>("ok")) << r.body;
  EXPECT_EQ(dashboardCns(*admin_)->getValue<std::string>("status"), "ok");
  errors =
      parseObject(admin_->call("GET", "/api/v1/admin/dashboard").body)->getArray("recentErrors");
  ASSERT_EQ(errors->size(), 1u);
  EXPECT_TRUE(errors->getObject(0)->has("resolvedAt"));
}

TEST_F(AdminTest, UnusableCnsSettingsAreNotConfiguredEvenAfterASuccess) {
  ASSERT_TRUE(
      parseObject(admin_->call("POST", "/api/v1/admin/cns/test", "{}").body)->getValue<bool>("ok"));
  EXPECT_EQ(dashboardCns(*admin_)->getValue<std::string>("status"), "ok");
  // The URL removed: CNS cannot be used, whatever happened before.
  auto r = admin_->call("PUT", "/api/v1/admin/cns",
                        R"({"organizationId":"org-contoso","audience":"cns.example.net",)"
                        R"("algorithm":"HS256"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto cns = dashboardCns(*admin_);
  EXPECT_EQ(cns->getValue<std::string>("status"), "not-configured") << r.body;
  EXPECT_FALSE(cns->getValue<std::string>("notConfigured").empty());
}

TEST_F(AdminTest, ExchangeTestIsTheServersHealthAndWarnsOfAMailboxItDoesNotServe) {
  auto dash = parseObject(admin_->call("GET", "/api/v1/admin/dashboard").body);
  EXPECT_EQ(dash->getArray("exchange")->getObject(0)->getValue<std::string>("status"), "unknown");
  auto r =
      admin_->call("POST", "/api/v1/admin/exchange/ex1/test", R"({"mailbox":"alice@contoso.com"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parseObject(r.body)->getArray("warnings")->size(), 0u) << r.body;
  dash = parseObject(admin_->call("GET", "/api/v1/admin/dashboard").body);
  EXPECT_EQ(dash->getArray("exchange")->getObject(0)->getValue<std::string>("status"), "ok");

  r = admin_->call("POST", "/api/v1/admin/exchange/ex1/test", R"({"mailbox":"bob@fabrikam.com"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto warnings = parseObject(r.body)->getArray("warnings");
  ASSERT_EQ(warnings->size(), 1u) << r.body;
  EXPECT_NE(warnings->getElement<std::string>(0).find(
                "ENP does not serve bob@fabrikam.com through this server"),
            std::string::npos)
      << r.body;
}

}  // namespace
}  // namespace itest
