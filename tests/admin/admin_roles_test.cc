// Users and roles against the running daemon: what each role may and may not call (the API
// refuses, whatever the console shows), the admin's user management with its safety rules, the
// TOTP second factor end to end, and API tokens with a role and an expiry.
#include <Poco/JSON/Object.h>

#include "admin_fixture.h"
#include "enp/admin/auth/totp.h"
#include "enp/common/secrets.h"
#include "enp/store/api_token_store.h"
#include "enp/store/database.h"

namespace itest {
namespace {

constexpr const char* kFirstPassword = "first-password-given-by-admin";
constexpr const char* kOwnPassword = "their-own-password-123";

// RFC 4648 base32 (the secret as the API shows it) back to bytes.
std::string base32Decode(const std::string& text) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    buffer = (buffer << 5) | static_cast<uint32_t>(kAlphabet.find(c));
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class AdminRolesTest : public AdminTest {
 protected:
  std::unique_ptr<AdminClient> userWithRole(const std::string& name, const std::string& role) {
    return AdminTest::userWithRole(name, role, kFirstPassword, kOwnPassword);
  }

  /// Expects 403 naming the caller's role and the role needed.
  void expectRefused(AdminClient& client, const std::string& method, const std::string& path,
                     const std::string& role, const std::string& body = "{}") {
    auto r = client.call(method, path, method == "GET" || method == "DELETE" ? "" : body);
    EXPECT_EQ(r.status, 403) << method << " " << path << ": " << r.body;
    EXPECT_NE(r.body.find("your role (" + role + ") may not do this"), std::string::npos)
        << method << " " << path << ": " << r.body;
  }
};

TEST_F(AdminRolesTest, HelpdeskReadsDecisionTracesButNotSettings) {
  addMail("h-1", "Board meeting");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "h-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, std::chrono::seconds(30))) << daemon_->log();
  expectLog("delivered:");
  auto desk = userWithRole("desk", "helpdesk");

  auto r = desk->call("GET", "/api/v1/admin/session");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("role"), "helpdesk");
  r = desk->call("GET", "/api/v1/admin/registrations?mailbox=alice");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parseArray(r.body)->size(), 1u);
  r = desk->call("GET", "/api/v1/admin/registrations/" + reg_.id);
  ASSERT_EQ(r.status, 200) << r.body;
  auto decisions = parseObject(r.body)->getArray("decisions");
  ASSERT_EQ(decisions->size(), 1u) << r.body;
  EXPECT_EQ(decisions->getObject(0)->getValue<std::string>("outcome"), "delivered");

  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/admin/settings"},
           {"PUT", "/api/v1/admin/settings"},
           {"POST", "/api/v1/admin/settings/export"},
           {"GET", "/api/v1/admin/dashboard"},
           {"GET", "/api/v1/admin/logs"},
           {"GET", "/api/v1/admin/audit"},
           {"GET", "/api/v1/admin/exchange"},
           {"GET", "/api/v1/admin/cns"},
           {"GET", "/api/v1/admin/alerts"},
           {"GET", "/api/v1/admin/cluster"},
           {"DELETE", "/api/v1/admin/registrations/" + reg_.id},
           {"GET", "/api/v1/admin/users"},
           {"GET", "/api/v1/admin/api-tokens"},
           {"POST", "/api/v1/admin/api-tokens"}}) {
    expectRefused(*desk, method, path, "helpdesk");
  }
  // Refused before anything changed: the registration is still there.
  EXPECT_FALSE(parseObject(admin_->call("GET", "/api/v1/admin/registrations/" + reg_.id).body)
                   ->has("revokedAt"));
}

TEST_F(AdminRolesTest, OperatorReadsEverythingButChangesNoSettingsAndExportsNoSecrets) {
  auto ops = userWithRole("ops", "operator");
  for (const std::string path :
       {"/api/v1/admin/settings", "/api/v1/admin/dashboard", "/api/v1/admin/logs",
        "/api/v1/admin/audit", "/api/v1/admin/exchange", "/api/v1/admin/cns",
        "/api/v1/admin/policy", "/api/v1/admin/alerts", "/api/v1/admin/registration-keys",
        "/api/v1/admin/registrations", "/api/v1/admin/listeners", "/api/v1/admin/tls",
        "/api/v1/admin/cluster"}) {
    auto r = ops->call("GET", path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    expectNoSecrets(r);
  }
  const std::string settings = ops->call("GET", "/api/v1/admin/settings").body;
  expectRefused(*ops, "PUT", "/api/v1/admin/settings", "operator", settings);
  expectRefused(*ops, "POST", "/api/v1/admin/settings/export", "operator",
                std::string(R"({"withSecrets":true,"password":")") + kOwnPassword + "\"}");
  expectRefused(*ops, "POST", "/api/v1/admin/settings/export", "operator",
                R"({"withSecrets":false})");
  expectRefused(*ops, "POST", "/api/v1/admin/settings/import", "operator", settings);
  expectRefused(*ops, "PUT", "/api/v1/admin/cns", "operator");
  expectRefused(*ops, "POST", "/api/v1/admin/exchange/ex1/test", "operator");
  expectRefused(*ops, "POST", "/api/v1/admin/users", "operator");
  expectRefused(*ops, "POST", "/api/v1/admin/api-tokens", "operator", R"({"label":"x"})");
  auto r = ops->call("PUT", "/api/v1/admin/settings", settings);
  EXPECT_NE(r.body.find("needs the admin role"), std::string::npos) << r.body;
  // The refusal is the API's: the console's hiding is not what guards.
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("needs"), "admin");
}

TEST_F(AdminRolesTest, AdminManagesUsersButNeverTheLastAdminNorItsOwnRole) {
  auto desk = userWithRole("desk", "helpdesk");
  auto r = admin_->call("POST", "/api/v1/admin/users",
                        R"({"name":"desk","role":"operator","password":"long-enough-password"})");
  EXPECT_EQ(r.status, 409) << r.body;
  r = admin_->call("POST", "/api/v1/admin/users",
                   R"({"name":"shorty","role":"operator","password":"short"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("12"), std::string::npos) << r.body;
  r = admin_->call("POST", "/api/v1/admin/users",
                   R"({"name":"boss","role":"root","password":"long-enough-password"})");
  EXPECT_EQ(r.status, 400) << r.body;
  r = admin_->call("GET", "/api/v1/admin/users");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(parseArray(r.body)->size(), 2u);
  EXPECT_EQ(r.body.find("scrypt"), std::string::npos) << "no password hashes";

  // Its own role, itself, the last admin.
  EXPECT_EQ(admin_->call("PUT", "/api/v1/admin/users/admin", R"({"role":"operator"})").status, 409);
  EXPECT_EQ(admin_->call("PUT", "/api/v1/admin/users/admin", R"({"disabled":true})").status, 409);
  EXPECT_EQ(admin_->call("DELETE", "/api/v1/admin/users/admin").status, 409);

  // A change of role ends the user's sessions; the next login has the new role.
  r = admin_->call("PUT", "/api/v1/admin/users/desk", R"({"role":"operator"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("role"), "operator");
  EXPECT_EQ(desk->call("GET", "/api/v1/admin/session").status, 401);
  ASSERT_EQ(desk->login("desk", kOwnPassword).status, 200);
  EXPECT_EQ(desk->call("GET", "/api/v1/admin/settings").status, 200);

  // A second admin may demote the first, who then cannot win it back.
  ASSERT_EQ(admin_->call("PUT", "/api/v1/admin/users/desk", R"({"role":"admin"})").status, 200);
  ASSERT_EQ(desk->login("desk", kOwnPassword).status, 200);
  r = desk->call("PUT", "/api/v1/admin/users/admin", R"({"role":"helpdesk"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(admin_->call("GET", "/api/v1/admin/session").status, 401);
  ASSERT_EQ(admin_->login("admin", kAdminPassword).status, 200);
  expectRefused(*admin_, "PUT", "/api/v1/admin/users/admin", "helpdesk", R"({"role":"admin"})");
  r = desk->call("PUT", "/api/v1/admin/users/desk", R"({"role":"operator"})");
  EXPECT_EQ(r.status, 409) << r.body;

  // Disabled: cannot log in; removed: gone. Each change audited with who made it.
  ASSERT_EQ(desk->call("PUT", "/api/v1/admin/users/admin", R"({"disabled":true})").status, 200);
  r = admin_->login("admin", kAdminPassword);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("disabled"), std::string::npos) << r.body;
  ASSERT_EQ(desk->call("DELETE", "/api/v1/admin/users/admin").status, 204);
  EXPECT_EQ(admin_->login("admin", kAdminPassword).status, 401);
  EXPECT_EQ(desk->call("DELETE", "/api/v1/admin/users/admin").status, 404);

  auto entries = parseArray(desk->call("GET", "/api/v1/admin/audit?limit=100&action=user.").body);
  std::vector<std::string> seen;
  for (size_t i = 0; i < entries->size(); ++i) {
    auto e = entries->getObject(static_cast<unsigned>(i));
    seen.push_back(e->getValue<std::string>("actor") + " " + e->getValue<std::string>("action") +
                   " " + e->getValue<std::string>("target"));
  }
  for (const std::string want : {"admin user.create desk", "admin user.update desk",
                                 "desk user.update admin", "desk user.delete admin"}) {
    EXPECT_NE(std::find(seen.begin(), seen.end(), want), seen.end()) << want;
  }
}

TEST_F(AdminRolesTest, AnAdminResetsAForgottenPassword) {
  auto desk = userWithRole("desk", "helpdesk");
  EXPECT_EQ(
      admin_->call("POST", "/api/v1/admin/users/desk/password", R"({"password":"short"})").status,
      400);
  ASSERT_EQ(admin_
                ->call("POST", "/api/v1/admin/users/desk/password",
                       R"({"password":"a-new-temporary-password"})")
                .status,
            204);
  EXPECT_EQ(desk->call("GET", "/api/v1/admin/session").status, 401);
  EXPECT_EQ(desk->login("desk", kOwnPassword).status, 401);
  auto r = desk->login("desk", "a-new-temporary-password");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(parseObject(r.body)->getValue<bool>("mustChangePassword"));
  EXPECT_TRUE(audited("user.password-reset", "desk"));
}

TEST_F(AdminRolesTest, TotpLoginNeedsAFreshCode) {
  auto desk = userWithRole("desk", "helpdesk");
  EXPECT_EQ(desk->call("POST", "/api/v1/admin/totp/enrol", R"({"currentPassword":"wrong"})").status,
            400);
  auto r = desk->call("POST", "/api/v1/admin/totp/enrol",
                      std::string(R"({"currentPassword":")") + kOwnPassword + "\"}");
  ASSERT_EQ(r.status, 200) << r.body;
  auto enrolment = parseObject(r.body);
  const std::string secret = base32Decode(enrolment->getValue<std::string>("secret"));
  ASSERT_EQ(secret.size(), 20u);
  EXPECT_EQ(enrolment->getValue<std::string>("uri").rfind("otpauth://totp/ENP:desk?secret=", 0), 0u)
      << enrolment->getValue<std::string>("uri");
  // Not on before it is confirmed.
  AdminClient other(daemon_->adminBase());
  EXPECT_EQ(other.login("desk", kOwnPassword).status, 200);

  const int64_t step = enp::admin::totpStep(nowMs());
  r = desk->call("POST", "/api/v1/admin/totp/confirm",
                 R"({"code":")" + enp::admin::hotpCode(secret, step + 5) + "\"}");
  EXPECT_EQ(r.status, 400) << r.body;
  r = desk->call("POST", "/api/v1/admin/totp/confirm",
                 R"({"code":")" + enp::admin::hotpCode(secret, step) + "\"}");
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_TRUE(
      parseObject(desk->call("GET", "/api/v1/admin/session").body)->getValue<bool>("totpEnabled"));
  // A second enrolment cannot replace it unnoticed.
  EXPECT_EQ(desk->call("POST", "/api/v1/admin/totp/enrol",
                       std::string(R"({"currentPassword":")") + kOwnPassword + "\"}")
                .status,
            409);

  r = other.login("desk", kOwnPassword);
  EXPECT_EQ(r.status, 401);
  EXPECT_TRUE(parseObject(r.body)->getValue<bool>("totpRequired")) << r.body;
  r = other.login("desk", "wrong-password-entirely", enp::admin::hotpCode(secret, step + 1));
  EXPECT_EQ(r.status, 401);
  EXPECT_FALSE(parseObject(r.body)->has("totpRequired")) << "no hint without the password";
  const std::string next = enp::admin::hotpCode(secret, step + 1);
  r = other.login("desk", kOwnPassword, next);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(other.call("GET", "/api/v1/admin/registrations").status, 200);
  // The same code a second time is refused (a code seen over a shoulder).
  AdminClient third(daemon_->adminBase());
  r = third.login("desk", kOwnPassword, next);
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_NE(r.body.find("already used"), std::string::npos) << r.body;
  r = third.login("desk", kOwnPassword, enp::admin::hotpCode(secret, step));
  EXPECT_EQ(r.status, 401) << "an earlier code after a later one: " << r.body;
  EXPECT_TRUE(audited("totp.enable", "desk"));

  // Lost phone: an admin removes the second factor; the password alone works again.
  ASSERT_EQ(admin_->call("DELETE", "/api/v1/admin/users/desk/totp").status, 204);
  EXPECT_EQ(third.login("desk", kOwnPassword).status, 200);
  EXPECT_TRUE(audited("user.totp-reset", "desk"));
  // The secret never appears in the audit log.
  EXPECT_EQ(admin_->call("GET", "/api/v1/admin/audit?limit=1000")
                .body.find(enrolment->getValue<std::string>("secret")),
            std::string::npos);
}

TEST_F(AdminRolesTest, TheOwnSecondFactorCanBeTurnedOffWithThePassword) {
  auto r = admin_->call("POST", "/api/v1/admin/totp/enrol",
                        std::string(R"({"currentPassword":")") + kAdminPassword + "\"}");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string secret = base32Decode(parseObject(r.body)->getValue<std::string>("secret"));
  const int64_t step = enp::admin::totpStep(nowMs());
  ASSERT_EQ(admin_
                ->call("POST", "/api/v1/admin/totp/confirm",
                       R"({"code":")" + enp::admin::hotpCode(secret, step) + "\"}")
                .status,
            204);
  EXPECT_EQ(
      admin_->call("POST", "/api/v1/admin/totp/disable", R"({"currentPassword":"nope"})").status,
      400);
  ASSERT_EQ(admin_
                ->call("POST", "/api/v1/admin/totp/disable",
                       std::string(R"({"currentPassword":")") + kAdminPassword + "\"}")
                .status,
            204);
  AdminClient again(daemon_->adminBase());
  EXPECT_EQ(again.login("admin", kAdminPassword).status, 200);
  EXPECT_TRUE(audited("totp.disable", "admin"));
}

TEST_F(AdminRolesTest, ApiTokensCarryARoleAndAnExpiredOneIsRefused) {
  auto r = admin_->call("POST", "/api/v1/admin/api-tokens",
                        R"({"label":"desk-bot","role":"helpdesk","expiresInDays":1})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto created = parseObject(r.body);
  EXPECT_EQ(created->getValue<std::string>("role"), "helpdesk");
  const int64_t expiresAt = created->getValue<int64_t>("expiresAt");
  EXPECT_NEAR(static_cast<double>(expiresAt), static_cast<double>(nowMs() + 86400000), 60000.0);
  AdminClient bot(daemon_->adminBase());
  bot.setApiToken(created->getValue<std::string>("token"));
  EXPECT_EQ(bot.call("GET", "/api/v1/admin/registrations/" + reg_.id).status, 200);
  expectRefused(bot, "GET", "/api/v1/admin/settings", "helpdesk");
  EXPECT_EQ(
      admin_->call("POST", "/api/v1/admin/api-tokens", R"({"label":"x","role":"god"})").status,
      400);
  EXPECT_EQ(
      admin_->call("POST", "/api/v1/admin/api-tokens", R"({"label":"x","expiresInDays":0})").status,
      400);

  r = admin_->call("POST", "/api/v1/admin/api-tokens", R"({"label":"ops-bot","role":"operator"})");
  ASSERT_EQ(r.status, 201) << r.body;
  AdminClient ops(daemon_->adminBase());
  ops.setApiToken(parseObject(r.body)->getValue<std::string>("token"));
  const std::string settings = ops.call("GET", "/api/v1/admin/settings").body;
  expectRefused(ops, "PUT", "/api/v1/admin/settings", "operator", settings);
  r = admin_->call("GET", "/api/v1/admin/api-tokens");
  EXPECT_NE(r.body.find("\"role\":\"operator\""), std::string::npos) << r.body;
  EXPECT_TRUE(audited("api-token.create", "desk-bot"));

  // A token past its expiry (written as the store keeps it: no API makes one in the past).
  {
    std::unique_ptr<enp::Database> db = daemon_->openDatabase();
    enp::ApiTokenStore tokens(*db);
    enp::ApiToken t;
    t.id = "expired1";
    t.label = "old-bot";
    t.createdBy = "admin";
    t.createdAt = nowMs() - 2 * 86400000;
    t.role = enp::AdminRole::kAdmin;
    t.expiresAt = nowMs() - 1000;
    ASSERT_TRUE(tokens.create(t, enp::sha256Hex("enp_expired-token-value")).ok());
  }
  AdminClient old(daemon_->adminBase());
  old.setApiToken("enp_expired-token-value");
  r = old.call("GET", "/api/v1/admin/registrations");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_NE(r.body.find("expired"), std::string::npos) << r.body;
  r = admin_->call("GET", "/api/v1/admin/api-tokens");
  EXPECT_NE(r.body.find("\"expired\":true"), std::string::npos) << r.body;
}

TEST_F(AdminRolesTest, UsersCommandManagesUsersAndARunningDaemonFollowsAtOnce) {
  const std::vector<std::string> config = {"--config", daemon_->configPath()};
  auto run = [&](std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), "users");
    args.insert(args.end(), config.begin(), config.end());
    return runEnp(args, input);
  };
  CommandResult c = run({"add", "night-desk", "--role", "helpdesk"}, "night-desk-password\n");
  ASSERT_EQ(c.exitCode, 0) << c.err;
  EXPECT_EQ(run({"add", "night-desk", "--role", "helpdesk"}, "night-desk-password\n").exitCode, 1);
  EXPECT_EQ(run({"add", "x", "--role", "root"}, "night-desk-password\n").exitCode, 2);
  EXPECT_EQ(run({"add", "shorty", "--role", "operator"}, "short\n").exitCode, 1);

  AdminClient desk(daemon_->adminBase());
  ASSERT_EQ(desk.login("night-desk", "night-desk-password").status, 200);
  ASSERT_EQ(
      desk.call("POST", "/api/v1/admin/password",
                R"({"currentPassword":"night-desk-password","newPassword":"night-desk-own-1"})")
          .status,
      204);
  EXPECT_EQ(desk.call("GET", "/api/v1/admin/settings").status, 403);
  // The open session gets the new role at once.
  ASSERT_EQ(run({"role", "night-desk", "operator"}).exitCode, 0);
  EXPECT_EQ(desk.call("GET", "/api/v1/admin/settings").status, 200);
  EXPECT_EQ(
      parseObject(desk.call("GET", "/api/v1/admin/session").body)->getValue<std::string>("role"),
      "operator");

  c = run({"role", "admin", "helpdesk"});
  EXPECT_EQ(c.exitCode, 1);
  EXPECT_NE(c.err.find("last enabled admin"), std::string::npos) << c.err;
  c = run({"list"});
  ASSERT_EQ(c.exitCode, 0) << c.err;
  EXPECT_NE(c.out.find("night-desk"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("operator"), std::string::npos) << c.out;

  // Disabled or removed: the open session ends.
  ASSERT_EQ(run({"disable", "night-desk"}).exitCode, 0);
  EXPECT_EQ(desk.call("GET", "/api/v1/admin/registrations").status, 401);
  ASSERT_EQ(run({"enable", "night-desk"}).exitCode, 0);
  ASSERT_EQ(desk.login("night-desk", "night-desk-own-1").status, 200);
  ASSERT_EQ(run({"remove", "night-desk"}).exitCode, 0);
  EXPECT_EQ(desk.call("GET", "/api/v1/admin/registrations").status, 401);
  EXPECT_TRUE(audited("user.delete", "night-desk"));
}

}  // namespace
}  // namespace itest
