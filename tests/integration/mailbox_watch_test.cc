// IMAP mailboxes watched by ENP, against a real Dovecot (tests/imap) and the real daemon: a mail
// delivered to a registered account reaches the fake CNS with sender, subject and snippet, is
// left unread, is pushed once across restarts of ENP and of the server, is found by polling on
// a server without IDLE, and a password the server refuses later stops the watch (also after a
// restart of ENP, until the password changes).
#include <chrono>
#include <sstream>

#include "admin_fixture.h"
#include "dovecot_server.h"
#include "test_mails.h"

namespace itest {
namespace {

using std::chrono::seconds;
using testsupport::DovecotOptions;
using testsupport::DovecotServer;

constexpr const char* kAlicePassword = "alice-app-specific-1";
constexpr const char* kBobPassword = "bob-pass-2";
constexpr const char* kErinPassword = "erin-pass-3";
constexpr const char* kCarolPassword = "carol-pop-5";
constexpr const char* kDavePassword = "dave-pass-6";
constexpr const char* kTeamPassword = "team-pass-7";
constexpr const char* kFrankPassword = "frank-pass-8";
constexpr const char* kGinaPassword = "gina-pass-9";
constexpr const char* kErinNewPassword = "erin-new-password-44";
constexpr const char* kWatching = "waiting for new mail";

std::string mail(const std::string& subject, const std::string& body) {
  return "From: Bob Builder <bob@fabrikam.com>\r\n"
         "To: alice@icloud.com\r\n"
         "Subject: " +
         subject +
         "\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=utf-8\r\n"
         "\r\n" +
         body + "\r\n";
}

class MailboxWatchTest : public AdminTest {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(DovecotServer::installed())
        << "install dovecot-imapd and dovecot-pop3d (scripts/setup.sh)";
    DovecotOptions options;
    options.users = {{"alice", kAlicePassword}, {"bob", kBobPassword},    {"erin", kErinPassword},
                     {"carol", kCarolPassword}, {"dave", kDavePassword},  {"team1", kTeamPassword},
                     {"team2", kTeamPassword},  {"team3", kTeamPassword}, {"frank", kFrankPassword},
                     {"gina", kGinaPassword}};
    dovecot_ = new DovecotServer(options);
    options.idle = false;
    noIdle_ = new DovecotServer(options);
  }
  static void TearDownTestSuite() {
    delete dovecot_;
    delete noIdle_;
    dovecot_ = noIdle_ = nullptr;
  }

  std::string daemonConfig() const override {
    return "[imap]\nreload_ms = 100\npoll_seconds = 1\nreconnect_max_seconds = 2\n"
           "pop3_poll_seconds = 1\n";
  }
  // The iCloud preset pointed at the local Dovecot, and a server that offers no IDLE.
  std::string moreSettings() const override {
    return R"(,"mailServers":[{"name":"icloud-test","preset":"icloud","host":"localhost","port":)" +
           std::to_string(dovecot_->imapsPort()) + R"(,"caFile":")" + dovecot_->caFile() +
           R"("},{"name":"no-idle","host":"localhost","port":)" +
           std::to_string(noIdle_->imapsPort()) + R"(,"caFile":")" + noIdle_->caFile() +
           R"("},{"name":"pop","type":"pop3","host":"localhost","port":)" +
           std::to_string(dovecot_->pop3sPort()) + R"(,"caFile":")" + dovecot_->caFile() + R"("}])";
  }

  Registered registerAccount(const std::string& server, const std::string& user,
                             const std::string& password, const std::string& policy = "") {
    const std::string body =
        R"({"mailbox":")" + user +
        R"(@icloud.com","deviceToken":"apns-token-imap","platform":"ios","timeZone":"Europe/Berlin",)"
        R"("account":{"server":")" +
        server + R"(","username":")" + user + R"(","password":")" + password + R"("})" +
        (policy.empty() ? "" : "," + policy) + "}";
    const HttpResult r = httpRequest(
        "POST", daemon_->publicBase() + "/api/v1/registrations", body, "application/json",
        {{"Authorization", std::string("Bearer ") + kRegistrationKey}});
    EXPECT_EQ(r.status, 201) << r.body;
    Registered out;
    if (r.status == 201) {
      auto o = parseObject(r.body);
      out.id = o->getValue<std::string>("id");
      out.secret = o->getValue<std::string>("secret");
    }
    return out;
  }
  Poco::JSON::Object::Ptr connection(const Registered& r) {
    const HttpResult detail = admin_->call("GET", "/api/v1/admin/registrations/" + r.id);
    EXPECT_EQ(detail.status, 200) << detail.body;
    auto account = parseObject(detail.body)->getObject("account");
    return account ? account->getObject("connection") : nullptr;
  }
  std::string subjectOf(size_t i) {
    return cns_->pushes().at(i).notification()->getValue<std::string>("subject");
  }

  static inline DovecotServer* dovecot_ = nullptr;
  static inline DovecotServer* noIdle_ = nullptr;
};

TEST_F(MailboxWatchTest, ANewMailReachesCnsWithSenderSubjectAndSnippetAndStaysUnread) {
  dovecot_->deliver("alice", mail("Old mail", "Delivered before the registration."));
  const Registered reg = registerAccount("icloud-test", "alice", kAlicePassword);
  expectLog(kWatching);
  auto c = connection(reg);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->getValue<std::string>("state"), "idle");
  // /metrics counts the accounts by state (the suite's other tests may still hold theirs).
  EXPECT_GE(metricValue(metrics(), R"(enp_mailbox_connections{state="idle"})"), 1) << metrics();
  EXPECT_EQ(metricValue(metrics(), R"(enp_mailbox_connections{state="auth failed"})"), 0)
      << metrics();

  const auto sent = std::chrono::steady_clock::now();
  const uint32_t uid =
      dovecot_->deliver("alice", mail("Budget for Q3", "Hello Alice, the budget is attached."));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(10))) << daemon_->log();
  EXPECT_LT(std::chrono::steady_clock::now() - sent, seconds(2));
  const auto n = cns_->pushes()[0].notification();
  EXPECT_EQ(n->getValue<std::string>("kind"), "mail");
  EXPECT_EQ(n->getObject("from")->getValue<std::string>("address"), "bob@fabrikam.com");
  EXPECT_EQ(n->getObject("from")->getValue<std::string>("name"), "Bob Builder");
  EXPECT_EQ(n->getValue<std::string>("subject"), "Budget for Q3");
  EXPECT_EQ(n->getValue<std::string>("snippet"), "Hello Alice, the budget is attached.");
  EXPECT_EQ(dovecot_->flags("alice", uid).find("\\Seen"), std::string::npos);
  // The old mail was the baseline: only the new one was pushed.
  dovecot_->deliver("alice", mail("Second", "Another one."));
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(10))) << daemon_->log();
  EXPECT_EQ(cns_->pushes().size(), 2u);
  EXPECT_EQ(subjectOf(1), "Second");
  EXPECT_GT(connection(reg)->getValue<int64_t>("lastMailAt"), 0);
}

TEST_F(MailboxWatchTest, EncodedWordsCharsetsAndHtmlAreDecodedInThePush) {
  registerAccount("icloud-test", "frank", kFrankPassword);
  expectLog(kWatching);
  // Their Date headers are a year old: the mail is as new as its arrival on the server.
  dovecot_->deliver("frank", testmails::kEncodedWords);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(10))) << daemon_->log();
  auto n = cns_->pushes()[0].notification();
  EXPECT_EQ(n->getValue<std::string>("subject"), "日本語の件名 🎉");
  EXPECT_EQ(n->getObject("from")->getValue<std::string>("name"), "にほんご");
  EXPECT_EQ(n->getValue<std::string>("snippet"), "こんにちは");
  dovecot_->deliver("frank", testmails::kHtmlOnly);
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(10))) << daemon_->log();
  n = cns_->pushes()[1].notification();
  EXPECT_EQ(n->getValue<std::string>("subject"), "Your daily digest");
  const std::string snippet = n->getValue<std::string>("snippet");
  EXPECT_EQ(snippet.rfind("Top story: café prices & more", 0), 0u) << snippet;
  EXPECT_EQ(snippet.find("color"), std::string::npos) << snippet;
}

TEST_F(MailboxWatchTest, AfterHoursAVipIsPushedAndOthersAreSuppressed) {
  std::string policy = outsideWorkHoursNow();
  policy.replace(policy.find(R"("vipAfterHours":false)"), 21, R"("vipAfterHours":true)");
  registerAccount("icloud-test", "gina", kGinaPassword, policy + R"(,"vips":["ceo@fabrikam.com"])");
  expectLog(kWatching);
  dovecot_->deliver("gina", mail("Not urgent", "can wait"));
  expectLog("] suppressed: ");
  std::string vipMail = mail("Urgent", "call me");
  vipMail.replace(vipMail.find("Bob Builder <bob@"), 17, "The CEO <ceo@");
  dovecot_->deliver("gina", vipMail);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(10))) << daemon_->log();
  EXPECT_EQ(cns_->pushes().size(), 1u);
  EXPECT_EQ(subjectOf(0), "Urgent");
}

TEST_F(MailboxWatchTest, AfterRestartsOfEnpAndOfTheServerEachMailIsPushedOnce) {
  registerAccount("icloud-test", "bob", kBobPassword);
  expectLog(kWatching);
  dovecot_->deliver("bob", mail("One", "first"));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(10))) << daemon_->log();

  // ENP restarted; a mail arrives while it is down.
  ASSERT_EQ(daemon_->stop(), 0);
  dovecot_->deliver("bob", mail("Two", "while ENP was down"));
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(10))) << daemon_->log();
  EXPECT_EQ(subjectOf(1), "Two");

  // The server restarted; a mail arrives while it is down; ENP reconnects.
  expectLog(kWatching);
  dovecot_->stop();
  expectLog("next try in");  // ENP saw the connection end: the next mail is found on a new one
  dovecot_->depositWhileStopped("bob", mail("Three", "while the server was down"));
  dovecot_->start();
  ASSERT_TRUE(cns_->waitForPushes(3, seconds(20))) << daemon_->log();
  EXPECT_EQ(subjectOf(2), "Three");
  ASSERT_TRUE(daemon_->waitForLog(kWatching, 2, seconds(20))) << daemon_->log();
  dovecot_->deliver("bob", mail("Four", "after all that"));
  ASSERT_TRUE(cns_->waitForPushes(4, seconds(10))) << daemon_->log();
  // Nothing was pushed twice: the fourth push is the fourth mail.
  EXPECT_EQ(cns_->pushes().size(), 4u);
  EXPECT_EQ(subjectOf(3), "Four");
  EXPECT_EQ(cns_->counters().duplicates, 0u);
}

TEST_F(MailboxWatchTest, AChangedUidValidityIsANewBaselineNotAFlood) {
  registerAccount("icloud-test", "dave", kDavePassword);
  expectLog(kWatching);
  dovecot_->deliver("dave", mail("Before", "the rebuild"));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(10))) << daemon_->log();
  ASSERT_EQ(daemon_->stop(), 0);
  dovecot_->setUidValidity("dave", dovecot_->uidValidity("dave") + 1000);
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  expectLog("baseline UIDVALIDITY");
  expectLog(kWatching);
  dovecot_->deliver("dave", mail("After", "the rebuild"));
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(10))) << daemon_->log();
  EXPECT_EQ(cns_->pushes().size(), 2u);
  EXPECT_EQ(subjectOf(1), "After");
}

TEST_F(MailboxWatchTest, AServerWithoutIdleIsPolled) {
  const Registered reg = registerAccount("no-idle", "alice", kAlicePassword);
  expectLog("waiting for new mail (polled every 1 s)");
  EXPECT_EQ(connection(reg)->getValue<std::string>("state"), "polling");
  noIdle_->deliver("alice", mail("Polled", "found by polling"));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(10))) << daemon_->log();
  EXPECT_EQ(subjectOf(0), "Polled");
}

TEST_F(MailboxWatchTest, APop3MailboxIsPolledAndNothingIsDeleted) {
  dovecot_->deliver("carol", mail("Before", "the baseline"));
  const Registered reg = registerAccount("pop", "carol", kCarolPassword);
  expectLog("POP3: waiting for new mail (polled every 1 s)");
  EXPECT_EQ(connection(reg)->getValue<std::string>("state"), "polling");
  const uint32_t uid = dovecot_->deliver("carol", mail("By POP3", "read with TOP"));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(10))) << daemon_->log();
  EXPECT_EQ(subjectOf(0), "By POP3");
  EXPECT_EQ(cns_->pushes()[0].notification()->getValue<std::string>("snippet"), "read with TOP");
  // The next mail is the second push: the first was not pushed again by later polls.
  dovecot_->deliver("carol", mail("Again", "second"));
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(10))) << daemon_->log();
  EXPECT_EQ(subjectOf(1), "Again");
  EXPECT_EQ(cns_->pushes().size(), 2u);
  EXPECT_EQ(dovecot_->messageCount("carol"), 3u);
  EXPECT_EQ(dovecot_->flags("carol", uid).find("\\Seen"), std::string::npos);
}

TEST_F(MailboxWatchTest, APasswordRefusedLaterStopsTheWatchUntilItChanges) {
  const Registered reg = registerAccount("icloud-test", "erin", kErinPassword);
  expectLog(kWatching);
  // The password changes on the server; the next connection is refused.
  dovecot_->setPassword("erin", kErinNewPassword);
  dovecot_->stop();
  dovecot_->start();
  expectLog("auth failed");
  auto c = connection(reg);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->getValue<std::string>("state"), "auth failed");
  EXPECT_EQ(metricValue(metrics(), R"(enp_mailbox_connections{state="auth failed"})"), 1);
  // No retry for hours (providers lock accounts that keep failing).
  EXPECT_GE(c->getValue<int64_t>("retryAt") - c->getValue<int64_t>("since"), 3600 * 1000);
  EXPECT_EQ(daemon_->countLog("auth failed"), 1u);

  // ENP restarted: the refusal was stored, the account is not tried again (no login at all).
  expectLog("the refused login is stored");
  auto refusals = [] {  // Dovecot's log lines of erin's refused logins
    size_t n = 0;
    std::istringstream log(dovecot_->log());
    for (std::string line; std::getline(log, line);) {
      n += line.find("auth failed") != std::string::npos &&
                   line.find("user=<erin>") != std::string::npos
               ? 1
               : 0;
    }
    return n;
  };
  const size_t refusedBefore = refusals();
  EXPECT_GE(refusedBefore, 1u) << dovecot_->log();
  ASSERT_EQ(daemon_->stop(), 0);
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  expectLog("the password was refused before");
  admin_ = std::make_unique<AdminClient>(daemon_->adminBase());  // the new port
  ASSERT_EQ(admin_->login("admin", kAdminPassword).status, 200);
  c = connection(reg);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->getValue<std::string>("state"), "auth failed");
  EXPECT_GE(c->getValue<int64_t>("retryAt") - c->getValue<int64_t>("since"), 3600 * 1000);
  EXPECT_EQ(metricValue(metrics(), R"(enp_mailbox_connections{state="auth failed"})"), 1);
  EXPECT_EQ(refusals(), refusedBefore) << dovecot_->log();

  // The device sends the new password: the watch starts again.
  const HttpResult r =
      httpRequest("PUT", daemon_->publicBase() + "/api/v1/registrations/" + reg.id,
                  std::string(R"({"mailbox":"erin@icloud.com","deviceToken":"apns-token-imap",)") +
                      R"("account":{"server":"icloud-test","username":"erin","password":")" +
                      kErinNewPassword + R"("}})",
                  "application/json", {{"Authorization", "Bearer " + reg.secret}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(daemon_->waitForLog(kWatching, 1, seconds(10))) << daemon_->log();
  EXPECT_EQ(connection(reg)->getValue<std::string>("state"), "idle");
}

TEST_F(MailboxWatchTest, ManyAccountsRefusedAtOnceRaiseAnAlert) {
  for (const char* user : {"team1", "team2", "team3"}) {
    registerAccount("icloud-test", user, kTeamPassword);
  }
  ASSERT_TRUE(daemon_->waitForLog(kWatching, 3, seconds(20))) << daemon_->log();
  // The server now wants other passwords (say, app-specific ones) of all three.
  dovecot_->setPassword("team1", "team-new-password-1");
  dovecot_->setPassword("team2", "team-new-password-2");
  dovecot_->setPassword("team3", "team-new-password-3");
  dovecot_->stop();
  dovecot_->start();
  expectLog("alert firing: mail-logins-failing:icloud-test");
  EXPECT_NE(daemon_->log().find("3 of 3 accounts refused"), std::string::npos);
}

}  // namespace
}  // namespace itest
