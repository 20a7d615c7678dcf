// The notifier's schedule with a fake clock and a recording mailer (grouped, repeated,
// resolved, backed off), and one round through a real SMTP server.
#include "enp/alert/alert_notifier.h"

#include <gtest/gtest.h>

#include "enp/alert/alert_catalog.h"
#include "enp/store/settings_store.h"
#include "fake_clock.h"
#include "smtp_test_server.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kPassword = "app-specific-pass-1234";

// Records what it is asked to send; fails with `failWith` while that is set.
class RecordingMailer : public Mailer {
 public:
  Status send(const SmtpSettings&, const OutgoingMail& mail) override {
    ++attempts;
    if (!failWith.empty()) {
      return Status::unavailable(failWith);
    }
    sent.push_back(mail.data);
    return Status();
  }
  std::vector<std::string> sent;
  std::string failWith;
  int attempts = 0;
};

class AlertNotifierTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    settingsStore_ = std::make_unique<SettingsStore>(*db_);
    configure([](AlertSettings&) {});
    settings_ = std::make_unique<SettingsCache>(*settingsStore_, 0);
    alertStore_ = std::make_unique<AlertStore>(*db_);
    board_ = std::make_unique<AlertBoard>(*alertStore_, clock_, metrics_);
    notifier_ = std::make_unique<AlertNotifier>(
        AlertNotifier::Deps{*board_, *settings_, mailer_, clock_, metrics_, "enp1.contoso.com",
                            "https://enp1.contoso.com:8443/#/alerts"});
  }

  void configure(const std::function<void(AlertSettings&)>& change) {
    Settings s;
    s.alerts.smtp.host = "smtp.mail.me.com";
    s.alerts.smtp.username = "ops@icloud.com";
    s.alerts.smtp.password = kPassword;
    s.alerts.smtp.from = "ops@icloud.com";
    s.alerts.recipients = {"oncall@contoso.com"};
    change(s.alerts);
    ASSERT_OK(settingsStore_->save(s, clock_.nowMs()));
  }

  std::string subject(size_t i) { return testsupport::mailHeader(mailer_.sent.at(i), "Subject"); }
  std::string body(size_t i) { return testsupport::mailBody(mailer_.sent.at(i)); }

  testsupport::FakeClock clock_;
  Metrics metrics_;
  RecordingMailer mailer_;
  std::unique_ptr<SettingsStore> settingsStore_;
  std::unique_ptr<SettingsCache> settings_;
  std::unique_ptr<AlertStore> alertStore_;
  std::unique_ptr<AlertBoard> board_;
  std::unique_ptr<AlertNotifier> notifier_;
};

TEST_F(AlertNotifierTest, ThreeAlertsWithinTheWindowGoOutInOneMail) {
  board_->raise(alerts::exchangeAuth("mail1", "ErrorImpersonateUserDenied", ""));
  EXPECT_EQ(notifier_->runOnce(), clock_.nowMs() + 30000);
  clock_.advance(seconds(10));
  board_->raise(alerts::queueBacklog(12, 10, 40));
  notifier_->runOnce();
  clock_.advance(seconds(10));
  board_->raise(alerts::cnsUnreachable("HTTP 503"));
  notifier_->runOnce();
  EXPECT_TRUE(mailer_.sent.empty());
  clock_.advance(seconds(10));
  notifier_->runOnce();
  notifier_->runOnce();
  ASSERT_EQ(mailer_.sent.size(), 1u);
  EXPECT_EQ(subject(0), "[ENP critical] Exchange mail1: impersonation denied (+2 more)");
  const std::string text = body(0);
  EXPECT_NE(text.find("3 alerts firing"), std::string::npos) << text;
  EXPECT_NE(text.find("FIRING (critical): CNS: unreachable"), std::string::npos) << text;
  EXPECT_NE(text.find("FIRING (warning): Queue: notifications waiting"), std::string::npos);
  EXPECT_NE(text.find("What to do: Give the service account the ApplicationImpersonation"),
            std::string::npos);
  EXPECT_NE(text.find("Since 2026-11-30 12:00:00 UTC, seen once"), std::string::npos) << text;
  EXPECT_NE(text.find("Console: https://enp1.contoso.com:8443/#/alerts"), std::string::npos);
  EXPECT_EQ(mailer_.sent[0].find(kPassword), std::string::npos);
  EXPECT_EQ(metrics_.counter("enp_alert_mails_total{outcome=\"sent\"}").value(), 1u);
}

TEST_F(AlertNotifierTest, OnlyTheNodeHoldingTheAlertMailShareMails) {
  cluster::ShareBook shares(clock_);  // several nodes: this one holds what its heartbeat says
  AlertNotifier notifier({*board_, *settings_, mailer_, clock_, metrics_, "enp2.contoso.com",
                          "https://enp2.contoso.com:8443/#/alerts", &shares});
  board_->raise(alerts::cnsUnreachable("HTTP 503"));
  clock_.advance(seconds(60));
  EXPECT_EQ(notifier.runOnce(), clock_.nowMs() + 5000) << "looks again for the share";
  EXPECT_TRUE(mailer_.sent.empty());
  EXPECT_EQ(testsupport::valueOf(alertStore_->open()).size(), 1u)
      << "the alert is stored all the same";
  shares.hold({cluster::shareOf(cluster::SingleJob::kAlertMail)}, clock_.nowMs() + 10000);
  notifier.runOnce();
  EXPECT_EQ(mailer_.sent.size(), 1u);
}

TEST_F(AlertNotifierTest, TheHolderMailsAlertsAnotherNodeRaisedAndTheirResolution) {
  cluster::ShareBook shares(clock_);
  shares.hold({cluster::shareOf(cluster::SingleJob::kAlertMail)}, clock_.nowMs() + 3600000);
  AlertNotifier holder({*board_, *settings_, mailer_, clock_, metrics_, "enp1.contoso.com",
                        "https://enp1.contoso.com:8443/#/alerts", &shares});
  // The other node: its own board on the same database; it mails nothing.
  AlertBoard other(*alertStore_, clock_, metrics_);
  other.raise(alerts::cnsRejects("HTTP 401", ""));
  ASSERT_OK(other.persist());
  EXPECT_LE(holder.runOnce(), clock_.nowMs() + 5000) << "looks again soon for others' alerts";
  EXPECT_TRUE(board_->isFiring("cns-rejects")) << "taken in from the shared table";
  clock_.advance(seconds(30));
  holder.runOnce();
  ASSERT_EQ(mailer_.sent.size(), 1u);
  EXPECT_EQ(subject(0), "[ENP critical] CNS: notifications refused");
  holder.runOnce();
  EXPECT_EQ(mailer_.sent.size(), 1u) << "mailed once";
  // The other node resolves it (and, mailing nothing, settles it at once).
  clock_.advance(minutes(5));
  other.resolve("cns-rejects");
  ASSERT_OK(other.persist());
  holder.runOnce();
  EXPECT_FALSE(board_->isFiring("cns-rejects"));
  clock_.advance(seconds(30));
  holder.runOnce();
  holder.runOnce();
  ASSERT_EQ(mailer_.sent.size(), 2u);
  EXPECT_EQ(subject(1), "[ENP resolved] CNS: notifications refused");
  EXPECT_TRUE(board_->open().empty());
}

TEST_F(AlertNotifierTest, AStillFiringAlertIsRepeatedEveryRepeatMinutes) {
  board_->raise(alerts::cnsRejects("HTTP 401 bad signature", ""));
  clock_.advance(seconds(30));
  notifier_->runOnce();
  ASSERT_EQ(mailer_.sent.size(), 1u);
  EXPECT_EQ(subject(0), "[ENP critical] CNS: notifications refused");
  board_->raise(alerts::cnsRejects("HTTP 401 bad signature", ""));  // still happening
  clock_.advance(minutes(239));
  EXPECT_EQ(notifier_->runOnce(), clock_.nowMs() + 60000);
  EXPECT_EQ(mailer_.sent.size(), 1u);
  clock_.advance(minutes(1) + seconds(30));  // due, then the group window
  notifier_->runOnce();
  ASSERT_EQ(mailer_.sent.size(), 2u);
  EXPECT_EQ(subject(1), "[ENP critical] CNS: notifications refused (still firing)");
  EXPECT_NE(body(1).find("STILL FIRING (critical)"), std::string::npos) << body(1);
  EXPECT_NE(body(1).find("seen 2 times"), std::string::npos) << body(1);
}

TEST_F(AlertNotifierTest, AResolvedAlertSendsOneResolvedMail) {
  board_->raise(alerts::cnsRejects("HTTP 401", ""));
  clock_.advance(seconds(30));
  notifier_->runOnce();
  clock_.advance(minutes(5));
  board_->resolve("cns-rejects");
  notifier_->runOnce();
  EXPECT_EQ(mailer_.sent.size(), 1u) << "the resolved mail waits for the group window too";
  clock_.advance(seconds(30));
  notifier_->runOnce();
  notifier_->runOnce();
  clock_.advance(minutes(300));
  notifier_->runOnce();
  ASSERT_EQ(mailer_.sent.size(), 2u);
  EXPECT_EQ(subject(1), "[ENP resolved] CNS: notifications refused");
  EXPECT_NE(body(1).find("RESOLVED: CNS: notifications refused"), std::string::npos);
  EXPECT_TRUE(board_->open().empty());
}

TEST_F(AlertNotifierTest, AnAlertThatClearsWithinTheWindowIsNotMailed) {
  board_->raise(alerts::cnsUnreachable("timeout"));
  clock_.advance(seconds(10));
  board_->resolve("cns-unreachable");
  clock_.advance(minutes(1));
  notifier_->runOnce();
  EXPECT_TRUE(mailer_.sent.empty());
  EXPECT_TRUE(board_->open().empty());
}

TEST_F(AlertNotifierTest, NoResolvedMailWhenSendResolvedIsOff) {
  configure([](AlertSettings& a) { a.sendResolved = false; });
  board_->raise(alerts::cnsRejects("HTTP 401", ""));
  clock_.advance(seconds(30));
  notifier_->runOnce();
  board_->resolve("cns-rejects");
  clock_.advance(minutes(1));
  notifier_->runOnce();
  EXPECT_EQ(mailer_.sent.size(), 1u);
  EXPECT_TRUE(board_->open().empty());
}

TEST_F(AlertNotifierTest, AlertsBelowMinSeverityAreShownButNotMailed) {
  configure([](AlertSettings& a) { a.minSeverity = Severity::kCritical; });
  board_->raise(alerts::queueBacklog(15, 10, 3));
  clock_.advance(minutes(1));
  notifier_->runOnce();
  EXPECT_TRUE(mailer_.sent.empty());
  EXPECT_EQ(board_->firing().size(), 1u);
}

TEST_F(AlertNotifierTest, AFailedMailIsRetriedWithBackOffAndNothingIsLost) {
  mailer_.failWith = "535 authentication failed: check smtp.username";
  board_->raise(alerts::cnsRejects("HTTP 401", ""));
  clock_.advance(seconds(30));
  EXPECT_EQ(notifier_->runOnce(), clock_.nowMs() + 30000);
  EXPECT_EQ(board_->mailHealth().lastError, "535 authentication failed: check smtp.username");
  clock_.advance(seconds(29));
  notifier_->runOnce();
  EXPECT_EQ(mailer_.attempts, 1) << "not before the back-off";
  clock_.advance(seconds(1));
  EXPECT_EQ(notifier_->runOnce(), clock_.nowMs() + 60000) << "doubled";
  EXPECT_EQ(mailer_.attempts, 2);
  mailer_.failWith.clear();
  clock_.advance(seconds(60));
  notifier_->runOnce();
  ASSERT_EQ(mailer_.sent.size(), 1u);
  EXPECT_EQ(subject(0), "[ENP critical] CNS: notifications refused");
  EXPECT_TRUE(board_->mailHealth().lastError.empty());
  EXPECT_EQ(metrics_.counter("enp_alert_mails_total{outcome=\"failed\"}").value(), 2u);
}

TEST_F(AlertNotifierTest, NoMailWithoutRecipients) {
  configure([](AlertSettings& a) { a.recipients.clear(); });
  board_->raise(alerts::cnsRejects("HTTP 401", ""));
  clock_.advance(minutes(5));
  notifier_->runOnce();
  EXPECT_EQ(mailer_.attempts, 0);
}

TEST_F(AlertNotifierTest, OneRoundThroughARealSmtpServer) {
  testsupport::SmtpTestServer server(testsupport::SmtpTestServer::Mode::kStartTls,
                                     std::string("ops@icloud.com:") + kPassword);
  ASSERT_TRUE(server.running()) << server.transcript();
  configure([&](AlertSettings& a) {
    a.smtp.host = "127.0.0.1";
    a.smtp.port = server.port();
    a.smtp.caFile = server.certFile();
  });
  SmtpMailer smtp;
  AlertNotifier notifier({*board_, *settings_, smtp, clock_, metrics_, "enp1.contoso.com",
                          "https://enp1.contoso.com:8443/#/alerts"});
  board_->raise(alerts::exchangeAuth("mail1", "ErrorImpersonateUserDenied", ""));
  clock_.advance(seconds(30));
  notifier.runOnce();
  ASSERT_TRUE(server.waitForMail(1)) << server.transcript();
  const std::string raw = server.mails()[0];
  EXPECT_EQ(testsupport::mailHeader(raw, "Subject"),
            "[ENP critical] Exchange mail1: impersonation denied");
  EXPECT_EQ(testsupport::mailHeader(raw, "X-Envelope-To"), "oncall@contoso.com");
  EXPECT_NE(testsupport::mailBody(raw).find("exchange-auth:mail1"), std::string::npos);
}

}  // namespace
}  // namespace enp
