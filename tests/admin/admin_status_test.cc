// The watching and troubleshooting endpoints: registrations with their decisions, dashboard,
// logs, audit, listeners and the TLS certificate.
#include <Poco/File.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "admin_fixture.h"
#include "temp_database.h"

namespace itest {
namespace {

TEST_F(AdminTest, ARegistrationIsFoundByItsDeviceTokenOrIdAndTheTokenHintTellsDevicesApart) {
  const std::string token = kDeviceToken;
  for (const std::string& q :
       {token, token.substr(0, 6), token.substr(token.size() - 7), reg_.id}) {
    auto r = admin_->call("GET", "/api/v1/admin/registrations?q=" + q);
    ASSERT_EQ(r.status, 200) << r.body;
    auto list = parseArray(r.body);
    ASSERT_EQ(list->size(), 1u) << q;
    const std::string hint = list->getObject(0)->getValue<std::string>("deviceToken");
    if (token.size() > 16) {
      EXPECT_EQ(hint, token.substr(0, 8) + "\u2026" + token.substr(token.size() - 4));
    }
    EXPECT_EQ(r.body.find(token), std::string::npos) << "never the whole token";
  }
  // Three characters of a token are no search (a mailbox could hold them anywhere).
  EXPECT_EQ(parseArray(admin_->call("GET", "/api/v1/admin/registrations?q=apn").body)->size(), 0u);
}

TEST_F(AdminTest, DecisionsOfARegistrationAreReadable) {
  addMail("d-1", "Quarterly numbers");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "d-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, std::chrono::seconds(30))) << daemon_->log();
  expectLog("delivered:");
  auto r = admin_->call("GET", "/api/v1/admin/registrations?mailbox=ALICE");
  ASSERT_EQ(r.status, 200);
  auto list = parseArray(r.body);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("id"), reg_.id);
  EXPECT_EQ(r.body.find(kDeviceToken), std::string::npos) << "device tokens are shortened";
  EXPECT_EQ(parseArray(admin_->call("GET", "/api/v1/admin/registrations?mailbox=zed").body)->size(),
            0u);

  r = admin_->call("GET", "/api/v1/admin/registrations/" + reg_.id);
  ASSERT_EQ(r.status, 200);
  auto o = parseObject(r.body);
  EXPECT_TRUE(o->has("lastSeenAt"));
  EXPECT_EQ(o->getObject("policy")->getValue<std::string>("timeZone"), "Europe/Berlin");
  auto decisions = o->getArray("decisions");
  ASSERT_EQ(decisions->size(), 1u) << r.body;
  auto d = decisions->getObject(0);
  EXPECT_EQ(d->getValue<std::string>("outcome"), "delivered");
  EXPECT_EQ(d->getValue<std::string>("itemId"), "d-1");
  EXPECT_FALSE(d->getValue<std::string>("reason").empty());
  EXPECT_EQ(r.body.find("Quarterly numbers"), std::string::npos) << "no mail content stored";

  EXPECT_EQ(admin_->call("GET", "/api/v1/admin/registrations/unknown").status, 404);
  EXPECT_EQ(admin_->call("DELETE", "/api/v1/admin/registrations/" + reg_.id).status, 204);
  EXPECT_TRUE(parseObject(admin_->call("GET", "/api/v1/admin/registrations/" + reg_.id).body)
                  ->has("revokedAt"));
  EXPECT_TRUE(audited("registration.revoke", reg_.id));
  // Revoked: Exchange is told to unsubscribe.
  EXPECT_EQ(pushNewMail(reg_.callbackUrl, "d-2").status, fakes::PushOutcome::Status::kUnsubscribe);
}

TEST_F(AdminTest, SuppressionsAreRecordedWithTheirReason) {
  auto night = registerMailbox("bob@contoso.com", outsideWorkHoursNow());
  exchange_->addMailbox("bob@contoso.com");
  addMail("s-1", "Late mail", "bob@contoso.com");
  ASSERT_EQ(pushNewMail(night.callbackUrl, "s-1").status, fakes::PushOutcome::Status::kOk);
  expectLog("suppressed:");
  auto o = parseObject(admin_->call("GET", "/api/v1/admin/registrations/" + night.id).body);
  auto d = o->getArray("decisions")->getObject(0);
  EXPECT_EQ(d->getValue<std::string>("outcome"), "suppressed");
  EXPECT_NE(d->getValue<std::string>("reason").find("outside work hours"), std::string::npos)
      << d->getValue<std::string>("reason");
  // The dashboard counts it in the current minute.
  auto dash = parseObject(admin_->call("GET", "/api/v1/admin/dashboard?hours=1").body);
  auto series = dash->getObject("perMinute");
  EXPECT_EQ(series->getValue<int>("minutes"), 60);
  int suppressed = 0;
  auto values = series->getArray("suppressed");
  for (size_t i = 0; i < values->size(); ++i) {
    suppressed += values->getElement<int>(static_cast<unsigned>(i));
  }
  EXPECT_EQ(suppressed, 1);
}

TEST_F(AdminTest, DashboardShowsHealthAndErrorsWithAdvice) {
  addMail("h-1", "Hello");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "h-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, std::chrono::seconds(30)));
  expectLog("delivered:");
  exchange_->restrictImpersonationTo({"nobody@contoso.com"});
  addMail("h-2", "Denied");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "h-2").status, fakes::PushOutcome::Status::kOk);
  expectLog("ALERT exchange-auth");
  auto r = admin_->call("GET", "/api/v1/admin/dashboard");
  ASSERT_EQ(r.status, 200);
  auto o = parseObject(r.body);
  EXPECT_EQ(o->getValue<int>("queueDepth"), 1) << r.body;  // h-2 waits for its retry
  EXPECT_EQ(o->getValue<int>("activeRegistrations"), 1);
  auto ex = o->getArray("exchange")->getObject(0);
  EXPECT_EQ(ex->getValue<std::string>("name"), "ex1");
  EXPECT_EQ(ex->getValue<std::string>("status"), "error");
  EXPECT_TRUE(ex->has("lastSuccessAt"));
  EXPECT_EQ(o->getObject("cns")->getValue<std::string>("status"), "ok");
  auto err = o->getArray("recentErrors")->getObject(0);
  EXPECT_EQ(err->getValue<std::string>("source"), "exchange:ex1");
  EXPECT_NE(err->getValue<std::string>("advice").find("ApplicationImpersonation"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(o->getArray("notReady")->size(), 0u);
  EXPECT_EQ(o->getObject("perMinute")->getValue<int>("minutes"), 180);
}

TEST_F(AdminTest, LogsFilterByLevelAndLogger) {
  auto r = admin_->call("GET", "/api/v1/admin/logs?logger=admin&limit=50");
  ASSERT_EQ(r.status, 200);
  auto entries = parseArray(r.body);
  ASSERT_GT(entries->size(), 0u);
  for (size_t i = 0; i < entries->size(); ++i) {
    EXPECT_EQ(entries->getObject(static_cast<unsigned>(i))->getValue<std::string>("logger"),
              "admin");
  }
  EXPECT_NE(r.body.find("console login of 'admin'"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find(kAdminPassword), std::string::npos);
  EXPECT_EQ(r.body.find(initial_), std::string::npos);
  entries = parseArray(admin_->call("GET", "/api/v1/admin/logs?level=warn").body);
  EXPECT_GT(entries->size(), 0u);  // "public listener without TLS"
  for (size_t i = 0; i < entries->size(); ++i) {
    std::string level =
        entries->getObject(static_cast<unsigned>(i))->getValue<std::string>("level");
    EXPECT_TRUE(level == "warn" || level == "error" || level == "critical") << level;
  }
  EXPECT_EQ(parseArray(admin_->call("GET", "/api/v1/admin/logs?limit=1").body)->size(), 1u);
  r = admin_->call("GET", "/api/v1/admin/logs?level=loud");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"level")"), std::string::npos);
  EXPECT_EQ(admin_->call("GET", "/api/v1/admin/logs?logger=nope").status, 400);
}

TEST_F(AdminTest, ATableThatCannotBeReadIsAnInternalErrorNotADroppedConnection) {
  auto renameTable = [&](const std::string& from, const std::string& to) {
    daemon_->execSql("ALTER TABLE " + from + " RENAME TO " + to);
  };
  renameTable("audit", "audit_away");
  auto r = admin_->call("GET", "/api/v1/admin/audit");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, R"js({"error":"internal error (see the log)"})js");
  expectLog(enp::testOnPostgres() ? "relation \"audit\" does not exist" : "no such table: audit");
  renameTable("audit_away", "audit");
  EXPECT_EQ(admin_->call("GET", "/api/v1/admin/audit").status, 200);

  renameTable("registrations", "registrations_away");
  r = admin_->call("GET", "/api/v1/admin/registrations/" + reg_.id);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, R"js({"error":"internal error (see the log)"})js");
  renameTable("registrations_away", "registrations");
  r = admin_->call("GET", "/api/v1/admin/registrations/" + reg_.id);
  EXPECT_EQ(r.status, 200) << r.body << daemon_->log();
}

TEST_F(AdminTest, AuditLogNamesWhoChangedWhatAndWhen) {
  ASSERT_EQ(admin_->call("PUT", "/api/v1/admin/policy", R"({"privacy":"sender-only"})").status,
            200);
  auto entries = audit();
  ASSERT_GT(entries->size(), 2u);
  auto newest = entries->getObject(0);
  EXPECT_EQ(newest->getValue<std::string>("actor"), "admin");
  EXPECT_EQ(newest->getValue<std::string>("action"), "policy.update");
  EXPECT_GT(newest->getValue<int64_t>("at"), 0);
  EXPECT_EQ(newest->getObject("details")->getValue<std::string>("privacy"), "sender-only");
  EXPECT_EQ(parseArray(admin_->call("GET", "/api/v1/admin/audit?limit=1").body)->size(), 1u);
  // The first start is on record too.
  EXPECT_TRUE(audited("user.create", "admin"));
}

// The subject of the certificate the admin listener hands a new connection (openssl s_client).
std::string servedSubjectOf(const std::string& adminBase) {
  const std::string hostPort = adminBase.substr(adminBase.find("://") + 3);
  const std::string cmd = "openssl s_client -connect " + hostPort +
                          " </dev/null 2>/dev/null | openssl x509 -noout -subject 2>/dev/null";
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[512];
    while (std::fgets(buf, sizeof buf, p) != nullptr) {
      out += buf;
    }
    ::pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
    out.pop_back();
  }
  return out;
}

TEST_F(AdminTest, SystemTellsVersionUptimeDataDirectoryDatabaseAndQueue) {
  auto r = admin_->call("GET", "/api/v1/admin/system");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = parseObject(r.body);
  EXPECT_FALSE(o->getValue<std::string>("version").empty());
  EXPECT_EQ(o->getValue<std::string>("dataDir"), daemon_->dataDir());
  EXPECT_GT(o->getValue<int64_t>("databaseBytes"), 4096);
  EXPECT_GT(o->getValue<int64_t>("freeDiskBytes"), 0);
  EXPECT_GE(o->getValue<int64_t>("uptimeSeconds"), 0);
  EXPECT_EQ(o->getObject("queue")->getValue<int64_t>("depth"), 0);
  EXPECT_TRUE(o->isNull("lastBackup"));
  auto certs = o->getArray("certificates");
  ASSERT_EQ(certs->size(), 2u);
  EXPECT_FALSE(certs->getObject(0)->getValue<bool>("restartNeeded"));
  EXPECT_NE(o->getValue<std::string>("reload").find("restart"), std::string::npos);
  // Helpdesk may not read it; the backup is for admins only.
  r = admin_->call("POST", "/api/v1/admin/users",
                   R"({"name":"desk","role":"helpdesk","password":"desk-password-123"})");
  ASSERT_EQ(r.status, 201) << r.body;
  AdminClient desk(daemon_->adminBase());
  ASSERT_EQ(desk.login("desk", "desk-password-123").status, 200);
  ASSERT_EQ(
      desk.call("POST", "/api/v1/admin/password",
                R"({"currentPassword":"desk-password-123","newPassword":"desk-own-password"})")
          .status,
      204);
  r = desk.call("GET", "/api/v1/admin/system");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find(R"("needs":"operator")"), std::string::npos) << r.body;
  r = desk.call("POST", "/api/v1/admin/backup", R"({"password":"desk-own-password"})");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find(R"("needs":"admin")"), std::string::npos) << r.body;
}

TEST_F(AdminTest, ALoneNodeIsTheWholeClusterAndHoldsEveryShare) {
  const HttpResult r = admin_->call("GET", "/api/v1/admin/cluster");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = parseObject(r.body);
  const std::string self = o->getValue<std::string>("node");
  EXPECT_FALSE(self.empty());
  EXPECT_EQ(o->getValue<int>("shares"), 66);
  EXPECT_EQ(o->getValue<int>("unheld"), 0);
  EXPECT_EQ(o->getValue<int>("heartbeatSeconds"), 5);
  EXPECT_EQ(o->getValue<int>("nodeExpirySeconds"), 15);
  auto nodes = o->getArray("nodes");
  ASSERT_EQ(nodes->size(), 1u) << r.body;
  auto node = nodes->getObject(0);
  EXPECT_EQ(node->getValue<std::string>("name"), self);
  EXPECT_EQ(node->getValue<std::string>("state"), "alive");
  EXPECT_TRUE(node->getValue<bool>("self"));
  EXPECT_EQ(node->getValue<int>("shares"), 66);
  auto which = node->getArray("heldShares");
  ASSERT_EQ(which->size(), 66u);
  EXPECT_EQ(which->getElement<int>(0), 0);
  EXPECT_EQ(which->getElement<int>(65), 65);
  EXPECT_LT(node->getValue<int64_t>("heartbeatAgeMs"), 15000);
  EXPECT_NE(node->getValue<std::string>("adminListen").find(':'), std::string::npos);
}

TEST_F(AdminTest, ListenersAndTlsCertificate) {
  const auto servedSubject = [this] { return servedSubjectOf(daemon_->adminBase()); };
  const std::string generated = servedSubject();
  ASSERT_NE(generated.find("O = ENP"), std::string::npos) << generated;
  auto r = admin_->call("GET", "/api/v1/admin/listeners");
  ASSERT_EQ(r.status, 200);
  auto o = parseObject(r.body);
  EXPECT_GT(o->getObject("public")->getValue<int>("port"), 0);
  EXPECT_TRUE(o->getObject("admin")->getValue<bool>("tls"));
  r = admin_->call("GET", "/api/v1/admin/tls");
  ASSERT_EQ(r.status, 200);
  o = parseObject(r.body);
  EXPECT_NE(o->getValue<std::string>("subject").find("ENP"), std::string::npos) << r.body;
  EXPECT_TRUE(o->getValue<bool>("selfSigned"));
  EXPECT_GT(o->getValue<int64_t>("notAfter"), 0);
  EXPECT_FALSE(o->getValue<bool>("pendingRestart"));

  // Upload: a mismatched pair is refused, a matching pair takes effect at restart.
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  std::string cert = read(daemon_->dataDir() + "/admin-cert.pem");
  std::string key = read(daemon_->dataDir() + "/admin-key.pem");
  Poco::JSON::Object body;
  body.set("certificate", cert);
  body.set("key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  std::ostringstream text;
  body.stringify(text);
  r = admin_->call("PUT", "/api/v1/admin/tls", text.str());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"key")"), std::string::npos) << r.body;
  body.set("key", key);
  text.str("");
  body.stringify(text);
  r = admin_->call("PUT", "/api/v1/admin/tls", text.str());
  ASSERT_EQ(r.status, 200) << r.body;
  // The pair served already: nothing waits for a reload.
  EXPECT_FALSE(parseObject(r.body)->getValue<bool>("pendingRestart"));
  EXPECT_EQ(r.body.find("PRIVATE KEY"), std::string::npos);
  EXPECT_TRUE(audited("tls.replace"));
  // The System page compares the file with what the listener serves: the same certificate
  // uploaded again needs no restart; another one (expiring in 10 days) does, and warns.
  auto adminCert = [this] {
    auto sys = parseObject(admin_->call("GET", "/api/v1/admin/system").body);
    return sys->getArray("certificates")->getObject(0);
  };
  EXPECT_EQ(adminCert()->getValue<std::string>("listener"), "admin");
  EXPECT_FALSE(adminCert()->getValue<bool>("restartNeeded"));
  const std::string made = dir_->path() + "/new";
  ASSERT_EQ(std::system(("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                         "-nodes -keyout " +
                         made + "-key.pem -out " + made +
                         "-cert.pem -days 10 -subj /CN=enp.test >/dev/null 2>&1")
                            .c_str()),
            0);
  body.set("certificate", read(made + "-cert.pem"));
  body.set("key", read(made + "-key.pem"));
  text.str("");
  body.stringify(text);
  ASSERT_EQ(admin_->call("PUT", "/api/v1/admin/tls", text.str()).status, 200);
  const auto changed = adminCert();
  EXPECT_TRUE(changed->getValue<bool>("restartNeeded"));
  EXPECT_EQ(changed->getValue<std::string>("state"), "expiring");
  EXPECT_LE(changed->getValue<int64_t>("daysLeft"), 10);
  EXPECT_TRUE(
      parseObject(admin_->call("GET", "/api/v1/admin/tls").body)->getValue<bool>("pendingRestart"));
  EXPECT_EQ(servedSubject(), generated) << "the old one until reloaded";

  // Reloaded without a restart: new connections get the new certificate.
  r = admin_->call("POST", "/api/v1/admin/system/reload-certificates", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(adminCert()->getValue<bool>("restartNeeded"));
  EXPECT_FALSE(
      parseObject(admin_->call("GET", "/api/v1/admin/tls").body)->getValue<bool>("pendingRestart"));
  EXPECT_EQ(servedSubject(), "subject=CN = enp.test");
  EXPECT_TRUE(audited("tls.reload"));
  EXPECT_EQ(admin_->call("GET", "/api/v1/admin/audit").body.find("PRIVATE KEY"), std::string::npos);
}

}  // namespace
}  // namespace itest
