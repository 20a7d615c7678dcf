// Authentication of the admin API against the running daemon: first start, login, forced
// password change, cookies, CSRF, lockout, API tokens, logout and the audit log.
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "admin_fixture.h"

namespace itest {
namespace {

// The first-start password file, the log naming it, and the forced change at first login.
TEST_F(PipelineTest, FirstStartWritesAPrivatePasswordFileAndForcesAChange) {
  const std::string path = daemon_->dataDir() + "/initial-admin-password";
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::ifstream in(path);
  std::string password;
  std::getline(in, password);
  ASSERT_GE(password.size(), 20u);
  EXPECT_EQ(daemon_->countLog(path), 1u) << daemon_->log();
  EXPECT_EQ(daemon_->countLog(password), 0u);

  AdminClient c(daemon_->adminBase());
  // The login page's first-start hint, for anyone, while the file waits to be replaced.
  EXPECT_TRUE(parseObject(c.call("GET", "/api/v1/admin/login").body)->getValue<bool>("firstStart"));
  auto r = c.login("admin", password);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(parseObject(r.body)->getValue<bool>("mustChangePassword"));
  // The cookie's attributes.
  std::string cookie = r.header("Set-Cookie");
  EXPECT_NE(cookie.find("enp_session="), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  // Nothing but the password change works until it is done.
  r = c.call("GET", "/api/v1/admin/settings");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("mustChangePassword"), std::string::npos);
  EXPECT_EQ(c.call("GET", "/api/v1/admin/session").status, 200);
  r = c.call("POST", "/api/v1/admin/password",
             R"({"currentPassword":")" + password + R"(","newPassword":"short"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"newPassword")"), std::string::npos) << r.body;
  r = c.call("POST", "/api/v1/admin/password",
             R"({"currentPassword":"wrong","newPassword":"a-long-enough-password"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"currentPassword")"), std::string::npos) << r.body;
  r = c.call("POST", "/api/v1/admin/password",
             R"({"currentPassword":")" + password + R"(","newPassword":"a-long-enough-password"})");
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(c.call("GET", "/api/v1/admin/settings").status, 200);
  EXPECT_NE(::stat(path.c_str(), &st), 0) << "the initial password file is removed once replaced";
  EXPECT_FALSE(
      parseObject(c.call("GET", "/api/v1/admin/login").body)->getValue<bool>("firstStart"));
  // The old password no longer works; the new one does, without a forced change.
  AdminClient fresh(daemon_->adminBase());
  EXPECT_EQ(fresh.login("admin", password).status, 401);
  r = fresh.login("admin", "a-long-enough-password");
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(parseObject(r.body)->getValue<bool>("mustChangePassword"));
}

TEST_F(AdminTest, EveryAdminRouteNeedsAuthentication) {
  AdminClient anonymous(daemon_->adminBase());
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/admin/session"},
           {"POST", "/api/v1/admin/logout"},
           {"POST", "/api/v1/admin/password"},
           {"GET", "/api/v1/admin/api-tokens"},
           {"POST", "/api/v1/admin/api-tokens"},
           {"DELETE", "/api/v1/admin/api-tokens/x"},
           {"GET", "/api/v1/admin/settings"},
           {"PUT", "/api/v1/admin/settings"},
           {"POST", "/api/v1/admin/settings/export"},
           {"GET", "/api/v1/admin/exchange"},
           {"POST", "/api/v1/admin/exchange"},
           {"GET", "/api/v1/admin/exchange/ex1"},
           {"PUT", "/api/v1/admin/exchange/ex1"},
           {"DELETE", "/api/v1/admin/exchange/ex1"},
           {"POST", "/api/v1/admin/exchange/ex1/test"},
           {"GET", "/api/v1/admin/cns"},
           {"PUT", "/api/v1/admin/cns"},
           {"POST", "/api/v1/admin/cns/test"},
           {"POST", "/api/v1/admin/cns/generate-key"},
           {"GET", "/api/v1/admin/registration-keys"},
           {"POST", "/api/v1/admin/registration-keys"},
           {"DELETE", "/api/v1/admin/registration-keys/uem"},
           {"GET", "/api/v1/admin/registrations"},
           {"GET", "/api/v1/admin/registrations/" + reg_.id},
           {"DELETE", "/api/v1/admin/registrations/" + reg_.id},
           {"GET", "/api/v1/admin/policy"},
           {"PUT", "/api/v1/admin/policy"},
           {"GET", "/api/v1/admin/dashboard"},
           {"GET", "/api/v1/admin/logs"},
           {"GET", "/api/v1/admin/audit"},
           {"GET", "/api/v1/admin/listeners"},
           {"GET", "/api/v1/admin/tls"},
           {"PUT", "/api/v1/admin/tls"},
           {"GET", "/api/v1/admin/users"},
           {"POST", "/api/v1/admin/users"},
           {"PUT", "/api/v1/admin/users/admin"},
           {"DELETE", "/api/v1/admin/users/admin"},
           {"POST", "/api/v1/admin/users/admin/password"},
           {"DELETE", "/api/v1/admin/users/admin/totp"},
           {"POST", "/api/v1/admin/totp/enrol"},
           {"POST", "/api/v1/admin/totp/confirm"},
           {"POST", "/api/v1/admin/totp/disable"}}) {
    auto r = anonymous.call(method, path, method == "GET" || method == "DELETE" ? "" : "{}");
    EXPECT_EQ(r.status, 401) << method << " " << path << ": " << r.body;
  }
  // A forged or expired cookie is no session either.
  auto r = httpRequest("GET", daemon_->adminBase() + "/api/v1/admin/settings", "", "",
                       {{"Cookie", "enp_session=forged"}});
  EXPECT_EQ(r.status, 401);
  // Unknown paths and wrong methods answer in JSON.
  r = admin_->call("GET", "/api/v1/admin/nothing-here");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("\"error\""), std::string::npos);
  r = admin_->call("PATCH", "/api/v1/admin/settings", "{}");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "GET, PUT");
  // Public: metrics and liveness.
  EXPECT_EQ(anonymous.call("GET", "/metrics").status, 200);
  EXPECT_EQ(anonymous.call("GET", "/healthz").status, 200);
}

TEST_F(AdminTest, ChangesNeedTheCsrfToken) {
  auto r = admin_->call("PUT", "/api/v1/admin/policy", R"({"privacy":"none"})", false);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("CSRF"), std::string::npos);
  r = admin_->call("POST", "/api/v1/admin/registration-keys", R"({"label":"x"})", false);
  EXPECT_EQ(r.status, 403);
  r = httpRequest("PUT", daemon_->adminBase() + "/api/v1/admin/policy", R"({"privacy":"none"})",
                  "application/json",
                  {{"Cookie", admin_->cookie()}, {"X-CSRF-Token", "not-the-token"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(parseObject(admin_->call("GET", "/api/v1/admin/policy").body)
                ->getValue<std::string>("privacy"),
            "full");
  // Reads need no token; with it the change goes through.
  EXPECT_EQ(admin_->call("GET", "/api/v1/admin/policy", "", false).status, 200);
  EXPECT_EQ(admin_->call("PUT", "/api/v1/admin/policy", R"({"privacy":"none"})").status, 200);
}

TEST_F(AdminTest, FiveFailedLoginsLockTheUser) {
  AdminClient c(daemon_->adminBase());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(c.login("admin", "wrong-password-" + std::to_string(i)).status, 401);
  }
  auto r = c.login("admin", kAdminPassword);
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_NE(r.header("Retry-After"), "");
  EXPECT_NE(r.body.find("try again"), std::string::npos);
  EXPECT_TRUE(audited("login.failed", "admin"));
  EXPECT_TRUE(audited("login.locked", "admin"));
  // The session opened before the lock keeps working.
  EXPECT_EQ(admin_->call("GET", "/api/v1/admin/session").status, 200);
  // Unknown users fail the same way.
  EXPECT_EQ(c.login("nobody", "whatever-password").status, 401);
  EXPECT_EQ(c.login("", "x").status, 400);
}

TEST_F(AdminTest, FiveWrongPasswordsForAnExportWithSecretsRefuseItForAWhile) {
  auto exportWith = [&](const std::string& password) {
    return admin_->call("POST", "/api/v1/admin/settings/export",
                        R"({"withSecrets":true,"password":")" + password + R"("})");
  };
  for (int i = 0; i < 4; ++i) {
    auto r = exportWith("wrong-password-" + std::to_string(i));
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(r.body, R"({"error":"password: the password is wrong","field":"password"})");
  }
  auto r = exportWith("wrong-password-4");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("exports with secrets are refused for 15 minute(s)"), std::string::npos)
      << r.body;
  // Refused now even with the right password, saying how long to wait.
  r = exportWith(kAdminPassword);
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_EQ(r.body.find("cns-org-token"), std::string::npos);
  const int wait = std::stoi(r.header("Retry-After"));
  EXPECT_GT(wait, 14 * 60);
  EXPECT_LE(wait, 15 * 60);
  EXPECT_NE(r.body.find("too many wrong passwords: try again in 15 minute(s)"), std::string::npos)
      << r.body;
  // Every wrong one is audited, the fifth as the one that locked.
  auto entries = audit("settings.export");
  ASSERT_EQ(entries->size(), 5u);
  EXPECT_EQ(entries->getObject(0)->getValue<std::string>("action"), "settings.export.locked");
  for (unsigned i = 1; i < 5; ++i) {
    EXPECT_EQ(entries->getObject(i)->getValue<std::string>("action"), "settings.export.failed");
    EXPECT_FALSE(entries->getObject(i)->getObject("details")->getValue<bool>("locked"));
  }
  // Counted apart from logins, and only for secrets: the console stays usable.
  AdminClient other(daemon_->adminBase());
  EXPECT_EQ(other.login("admin", kAdminPassword).status, 200);
  EXPECT_EQ(admin_->call("POST", "/api/v1/admin/settings/export", "{}").status, 200);
}

TEST_F(AdminTest, OverlongLoginUserNameIsRefusedAndAuditedShort) {
  AdminClient c(daemon_->adminBase());
  const std::string name = "Gr\u00fc\u00df" + std::string(500 * 1024, 'a');
  auto r = c.login(name, "whatever-password");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"user")"), std::string::npos) << r.body.substr(0, 200);
  auto entries = audit("login.failed");
  ASSERT_GE(entries->size(), 1u);
  auto entry = entries->getObject(0);
  std::ostringstream text;
  entry->stringify(text);
  EXPECT_LT(text.str().size(), 1024u) << text.str().substr(0, 300);
  const std::string target = entry->getValue<std::string>("target");
  EXPECT_EQ(target.rfind("Gr\u00fc\u00dfaaaa", 0), 0u) << target.substr(0, 40);
  EXPECT_NE(target.find("bytes)"), std::string::npos) << target;
  EXPECT_EQ(entry->getValue<std::string>("actor"), target);
  EXPECT_LE(target.size(), 256u + 24u);
  // No log line carries the name either.
  EXPECT_EQ(daemon_->countLog(std::string(1000, 'a')), 0u);
  // A user name with a control character is refused as such.
  r = c.login("ad\x1bmin", "whatever-password");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("control character U+001B"), std::string::npos) << r.body;
}

TEST_F(AdminTest, LogoutEndsTheSession) {
  auto r = admin_->call("POST", "/api/v1/admin/logout");
  EXPECT_EQ(r.status, 204);
  EXPECT_NE(r.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(admin_->call("GET", "/api/v1/admin/session").status, 401);
  ASSERT_EQ(admin_->login("admin", kAdminPassword).status, 200);
  EXPECT_TRUE(audited("logout"));
  EXPECT_TRUE(audited("login", "admin"));
  EXPECT_TRUE(audited("user.password", "admin"));
}

TEST_F(AdminTest, ApiTokensWorkWithoutCsrfAndCanBeRevoked) {
  auto r = admin_->call("POST", "/api/v1/admin/api-tokens", R"({"label":"ansible"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto created = parseObject(r.body);
  const std::string token = created->getValue<std::string>("token");
  const std::string id = created->getValue<std::string>("id");
  EXPECT_GE(token.size(), 40u);
  // Shown once: the list has no token.
  r = admin_->call("GET", "/api/v1/admin/api-tokens");
  EXPECT_EQ(r.body.find(token), std::string::npos);
  EXPECT_NE(r.body.find("ansible"), std::string::npos);

  AdminClient bot(daemon_->adminBase());
  bot.setApiToken(token);
  EXPECT_EQ(bot.call("GET", "/api/v1/admin/settings").status, 200);
  r = bot.call("PUT", "/api/v1/admin/policy", R"({"privacy":"sender-only"})");
  EXPECT_EQ(r.status, 200) << r.body;  // no CSRF token needed: not cookie-based
  // Session-only routes refuse tokens.
  EXPECT_EQ(bot.call("POST", "/api/v1/admin/password", "{}").status, 403);
  // Audited under the token's label; last used recorded.
  auto entries = audit("policy.update");
  ASSERT_GT(entries->size(), 0u);
  EXPECT_EQ(entries->getObject(0)->getValue<std::string>("actor"), "token:ansible");
  r = admin_->call("GET", "/api/v1/admin/api-tokens");
  EXPECT_TRUE(parseArray(r.body)->getObject(0)->has("lastUsedAt")) << r.body;

  EXPECT_EQ(admin_->call("POST", "/api/v1/admin/api-tokens", R"({"label":""})").status, 400);
  EXPECT_EQ(admin_->call("DELETE", "/api/v1/admin/api-tokens/" + id).status, 204);
  EXPECT_EQ(admin_->call("DELETE", "/api/v1/admin/api-tokens/" + id).status, 404);
  EXPECT_EQ(bot.call("GET", "/api/v1/admin/settings").status, 401);
  EXPECT_TRUE(audited("api-token.create", "ansible"));
  EXPECT_TRUE(audited("api-token.revoke", id));
}

TEST_F(PipelineTest, SetPasswordCommandSetsAPasswordWithoutForcedChange) {
  auto r = runEnp({"admin", "set-password", "--config", daemon_->configPath()}, "short\n");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("at least 12"), std::string::npos) << r.err;
  r = runEnp({"admin", "bogus"});
  EXPECT_EQ(r.exitCode, 2);
  r = runEnp({"admin", "set-password", "--user", "helpdesk", "--config", daemon_->configPath()},
             "helpdesk-password-1\n");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  AdminClient c(daemon_->adminBase());
  auto login = c.login("helpdesk", "helpdesk-password-1");
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_FALSE(parseObject(login.body)->getValue<bool>("mustChangePassword"));
  EXPECT_EQ(c.call("GET", "/api/v1/admin/settings").status, 200);
  auto entries = parseArray(c.call("GET", "/api/v1/admin/audit?action=user.create").body);
  bool byCli = false;
  for (size_t i = 0; i < entries->size(); ++i) {
    auto e = entries->getObject(static_cast<unsigned>(i));
    byCli |= e->getValue<std::string>("actor") == "cli" &&
             e->getValue<std::string>("target") == "helpdesk";
  }
  EXPECT_TRUE(byCli);
}

}  // namespace
}  // namespace itest
