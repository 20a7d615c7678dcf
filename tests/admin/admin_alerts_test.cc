// Alert mail end to end: the real daemon, fake Exchange and CNS, a real SMTP server process
// (aiosmtpd); configured and tested through the admin API and `enp alerts test`.
#include "admin_fixture.h"
#include "smtp_test_server.h"

namespace itest {
namespace {

using std::chrono::seconds;
using testsupport::mailBody;
using testsupport::mailHeader;
using testsupport::SmtpTestServer;

constexpr const char* kSmtpUser = "enp-alerts@contoso.com";
constexpr const char* kSmtpPassword = "smtp-app-password-0123";
constexpr const char* kWrongCnsKey = "not-the-cns-shared-secret-0123456789";

class AdminAlertsTest : public AdminTest {
 protected:
  // Alert mail to oncall@ through `server`; groupSeconds 0 so tests need not wait the window.
  void configureMail(const SmtpTestServer& server, const std::string& security = "starttls",
                     const std::string& password = kSmtpPassword) {
    const bool auth = security != "none";
    const std::string body =
        std::string(R"({"smtp": {"preset": "icloud", "host": "127.0.0.1", "port": )") +
        std::to_string(server.port()) + R"(, "security": ")" + security + R"(", "username": ")" +
        (auth ? kSmtpUser : "") + R"(", "password": ")" + (auth ? password : "") +
        R"(", "from": ")" + kSmtpUser + R"(", "caFile": ")" + server.certFile() +
        R"("}, "recipients": ["oncall@contoso.com"], "groupSeconds": 0})";
    auto r = admin_->call("PUT", "/api/v1/admin/alerts/settings", body);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body.find(password), std::string::npos);
  }

  void setCnsKey(const std::string& key) {
    auto r =
        admin_->call("PUT", "/api/v1/admin/cns",
                     R"({"url": ")" + cns_->url() +
                         R"(", "organizationId": "org-contoso", "audience": "cns.example.net",)"
                         R"( "algorithm": "HS256", "key": ")" +
                         key + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
  }
};

TEST_F(AdminAlertsTest, ABrokenCnsKeyMailsOneAlertAndAResolvedMailAfterTheFix) {
  SmtpTestServer smtp(SmtpTestServer::Mode::kStartTls,
                      std::string(kSmtpUser) + ":" + kSmtpPassword);
  ASSERT_TRUE(smtp.running()) << smtp.transcript();
  configureMail(smtp);
  setCnsKey(kWrongCnsKey);
  addMail("key-1", "Budget for Q3");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "key-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(smtp.waitForMail(1)) << smtp.transcript() << daemon_->log();
  std::string raw = smtp.mails()[0];
  EXPECT_EQ(mailHeader(raw, "Subject"), "[ENP critical] CNS: notifications refused");
  EXPECT_NE(mailBody(raw).find("What to do: Check the CNS settings (Send test on the CNS page)."),
            std::string::npos)
      << mailBody(raw);
  // The console and /metrics show it.
  auto alerts = parseObject(admin_->call("GET", "/api/v1/admin/alerts").body);
  ASSERT_EQ(alerts->getArray("firing")->size(), 1u);
  EXPECT_EQ(alerts->getArray("firing")->getObject(0)->getValue<std::string>("key"), "cns-rejects");
  auto dashboard = parseObject(admin_->call("GET", "/api/v1/admin/dashboard").body);
  EXPECT_EQ(dashboard->getArray("alerts")->size(), 1u);
  EXPECT_EQ(metricValue(metrics(), "enp_alerts_firing{key=\"cns-rejects\"}"), 1);

  setCnsKey(kHmacSecret);  // fixed
  addMail("key-2", "Minutes");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "key-2").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  ASSERT_TRUE(smtp.waitForMail(2)) << smtp.transcript() << daemon_->log();
  raw = smtp.mails()[1];
  EXPECT_EQ(mailHeader(raw, "Subject"), "[ENP resolved] CNS: notifications refused");
  EXPECT_EQ(metricValue(metrics(), "enp_alerts_firing{key=\"cns-rejects\"}"), 0);
  auto history = parseArray(admin_->call("GET", "/api/v1/admin/alerts/history").body);
  ASSERT_GE(history->size(), 1u);
  EXPECT_EQ(history->getObject(0)->getValue<std::string>("key"), "cns-rejects");
  EXPECT_EQ(history->getObject(0)->getValue<std::string>("state"), "resolved");
  EXPECT_EQ(smtp.waitForMail(3, seconds(2)), false) << "one alert, one resolved mail";
  for (const auto& m : smtp.mails()) {
    EXPECT_EQ(m.find(kSmtpPassword), std::string::npos);
    EXPECT_EQ(m.find(kWrongCnsKey), std::string::npos);
    EXPECT_EQ(m.find("Budget for Q3"), std::string::npos) << "no mail content";
  }
  EXPECT_TRUE(audited("alerts.update"));
}

TEST_F(AdminAlertsTest, TestMailReportsTheOutcomeInPlainWords) {
  SmtpTestServer smtp(SmtpTestServer::Mode::kStartTls,
                      std::string(kSmtpUser) + ":" + kSmtpPassword);
  configureMail(smtp);
  auto r = parseObject(admin_->call("POST", "/api/v1/admin/alerts/test", "{}").body);
  EXPECT_TRUE(r->getValue<bool>("ok")) << r->getValue<std::string>("detail");
  ASSERT_TRUE(smtp.waitForMail(1));
  EXPECT_EQ(mailHeader(smtp.mails()[0], "Subject"), "[ENP] Test mail");

  auto cli =
      runEnp({"alerts", "test", "--config", daemon_->configPath(), "--to", "me@contoso.com"});
  EXPECT_EQ(cli.exitCode, 0) << cli.out << cli.err;
  EXPECT_NE(cli.out.find("OK: the server accepted the test mail for me@contoso.com"),
            std::string::npos)
      << cli.out;

  configureMail(smtp, "starttls", "wrong-password");
  r = parseObject(admin_->call("POST", "/api/v1/admin/alerts/test", "{}").body);
  EXPECT_FALSE(r->getValue<bool>("ok"));
  EXPECT_EQ(r->getValue<std::string>("detail").rfind("535 authentication failed", 0), 0u)
      << r->getValue<std::string>("detail");
  cli = runEnp({"alerts", "test", "--config", daemon_->configPath()});
  EXPECT_EQ(cli.exitCode, 1);
  EXPECT_NE(cli.out.find("FAILED: 535 authentication failed"), std::string::npos) << cli.out;
  // The settings never show the password.
  auto settings = admin_->call("GET", "/api/v1/admin/alerts/settings").body;
  EXPECT_EQ(settings.find("wrong-password"), std::string::npos);
  EXPECT_NE(settings.find(R"("passwordSet":true)"), std::string::npos) << settings;
  auto exported = runEnp({"settings", "export", "--config", daemon_->configPath(), "-"});
  EXPECT_EQ(exported.out.find("wrong-password"), std::string::npos);
}

TEST_F(AdminAlertsTest, ThePipelineKeepsPushingWhileTheMailServerHangs) {
  SmtpTestServer smtp(SmtpTestServer::Mode::kHang);
  ASSERT_TRUE(smtp.running()) << smtp.transcript();
  configureMail(smtp, "none");
  cns_->script(fakes::CnsScriptedAnswer::unauthorized());
  addMail("hang-0", "Refused");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "hang-0").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(smtp.waitFor("CONNECT", 1)) << daemon_->log();  // the alert mail is stuck
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1; i <= 5; ++i) {
    addMail("hang-" + std::to_string(i), "Mail " + std::to_string(i));
    ASSERT_EQ(pushNewMail(reg_.callbackUrl, "hang-" + std::to_string(i)).status,
              fakes::PushOutcome::Status::kOk);
  }
  ASSERT_TRUE(cns_->waitForPushes(5, seconds(20))) << daemon_->log();
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(15));
  EXPECT_EQ(metricValue(metrics(), "enp_alert_mails_total{outcome=\"sent\"}"), 0);
  EXPECT_EQ(metricValue(metrics(), "enp_alerts_firing{key=\"cns-rejects\"}"), 0)
      << "accepted pushes resolved it";
}

}  // namespace
}  // namespace itest
