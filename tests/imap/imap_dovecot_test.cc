// The IMAP driver against a real Dovecot: login, TLS, EXAMINE, new mail by UID and by IDLE,
// metadata of real mails, flags left alone, servers without IDLE, UIDVALIDITY changes.
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "dovecot_suite.h"
#include "enp/source/imap/imap_client.h"
#include "enp/source/imap/mailbox_error.h"
#include "enp/source/imap/uid_watermark.h"
#include "status_matchers.h"
#include "test_mails.h"

namespace enp::imap {
namespace {

using testsupport::DovecotOptions;
using testsupport::DovecotServer;

class ImapDovecotTest : public testsupport::DovecotSuite {
 protected:
  ImapAccount account(const std::string& user = "alice", const std::string& password = "secret") {
    return accountOn<ImapAccount>(server_->imapsPort(), user, password);
  }
};

TEST_F(ImapDovecotTest, LoginCheckPassesWithTheRightPassword) {
  EXPECT_OK(checkImapLogin(account()));
}

TEST_F(ImapDovecotTest, WrongPasswordIsAuthFailedInTheServersWords) {
  const Status s = checkImapLogin(account("alice", "wrong"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(MailboxErrorKind::kAuthFailed, mailboxErrorKind(s)) << s.toString();
  EXPECT_NE(std::string::npos, s.message().find("[AUTHENTICATIONFAILED] Authentication failed"))
      << s.message();
  EXPECT_EQ(std::string::npos, s.message().find("wrong"));
}

TEST_F(ImapDovecotTest, StartTlsLogsInOverTheUpgradedConnection) {
  ImapAccount a = account();
  a.security = Security::kStartTls;
  a.port = server_->imapPort();
  EXPECT_OK(checkImapLogin(a));
  // The login process writes its line after the answer: wait for it (under load it is late).
  EXPECT_TRUE(server_->waitForLog("method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, mpid=",
                                  std::chrono::seconds(10)))
      << server_->log();
}

TEST_F(ImapDovecotTest, UntrustedCertificateIsRefusedThenTrustedWithACaFile) {
  ImapAccount a = account();
  a.caFile.clear();  // the system store does not know the self-signed certificate
  const Status s = checkImapLogin(a);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(MailboxErrorKind::kInsecure, mailboxErrorKind(s)) << s.toString();
  EXPECT_NE(std::string::npos, s.message().find("not trusted")) << s.message();
  a.caFile = server_->caFile();
  EXPECT_OK(checkImapLogin(a));
}

TEST_F(ImapDovecotTest, CertificateMustNameTheHost) {
  ImapAccount a = account();
  // The same server reached by a name its certificate does not hold (it names "localhost" and
  // 127.0.0.1): the IPv4-mapped IPv6 form of the address.
  a.host = "::ffff:127.0.0.1";
  const Status s = checkImapLogin(a);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(MailboxErrorKind::kInsecure, mailboxErrorKind(s)) << s.toString();
  EXPECT_NE(std::string::npos, s.message().find("mismatch")) << s.message();
}

TEST_F(ImapDovecotTest, ExamineSetsTheBaselineAndNewMailIsReadWithItsMetadata) {
  server_->deliver("bob", testmails::kPlain);
  ImapClient client(account("bob", "hunter2"));
  ASSERT_OK(client.connect());
  const MailboxState first = testsupport::valueOf(client.examine());
  EXPECT_EQ(server_->uidValidity("bob"), first.uidValidity);
  const MarkPlan baseline = planFromMark(std::nullopt, first);
  EXPECT_TRUE(baseline.rebaselined);
  EXPECT_FALSE(baseline.fetchAfter.has_value());
  EXPECT_EQ(first.uidNext - 1, baseline.mark.lastUid);
  // The mail already there is not new: nothing above the baseline.
  event::Fetched none = testsupport::valueOf(client.fetchNewSince(baseline.mark.lastUid));
  EXPECT_TRUE(none.messages.empty());

  const uint32_t uids[] = {
      server_->deliver("bob", testmails::kPlain),
      server_->deliver("bob", testmails::kQuotedPrintable),
      server_->deliver("bob", testmails::kEncodedWords),
      server_->deliver("bob", testmails::kHtmlOnly),
      server_->deliver("bob", testmails::kAlternative),
  };
  const event::Fetched got = testsupport::valueOf(client.fetchNewSince(baseline.mark.lastUid));
  ASSERT_EQ(5u, got.messages.size());
  EXPECT_EQ(uids[4], got.highestUid);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(uids[i], got.messages[i].uid);
  }
  const ImapMessage& plain = got.messages[0];
  EXPECT_EQ("Alice Example", plain.meta.fromName);
  EXPECT_EQ("alice@example.com", plain.meta.fromAddress);
  EXPECT_EQ("Budget for Q3", plain.meta.subject);
  EXPECT_EQ("2025-07-01T08:00:00Z", plain.meta.date);
  EXPECT_EQ("Hi Bob, the budget for Q3 is attached.", plain.meta.snippet);
  EXPECT_FALSE(plain.received.empty());

  const ImapMessage& qp = got.messages[1];
  EXPECT_EQ("J\u00FCrgen M\u00FCller", qp.meta.fromName);
  EXPECT_EQ("Gr\u00FC\u00DFe aus K\u00F6ln", qp.meta.subject);
  EXPECT_EQ(
      "Sch\u00F6ne Gr\u00FC\u00DFe aus K\u00F6ln, und ein sehr langer Satz, der weich "
      "umbrochen wird.",
      qp.meta.snippet);

  const ImapMessage& jp = got.messages[2];
  EXPECT_EQ("\u306B\u307B\u3093\u3054", jp.meta.fromName);
  EXPECT_EQ("\u65E5\u672C\u8A9E\u306E\u4EF6\u540D \U0001F389", jp.meta.subject);
  EXPECT_EQ("\u3053\u3093\u306B\u3061\u306F", jp.meta.snippet);
  EXPECT_EQ("2025-07-03T00:00:00Z", jp.meta.date);

  const ImapMessage& html = got.messages[3];
  EXPECT_EQ("News, Daily", html.meta.fromName);
  EXPECT_EQ("Top story: caf\u00E9 prices & more Read on\u2026", html.meta.snippet);

  const ImapMessage& alt = got.messages[4];
  EXPECT_EQ("Lunch at noon? The new caf\u00E9 opens today.", alt.meta.snippet);

  // Nothing was marked read: EXAMINE and BODY.PEEK leave \Seen alone.
  for (uint32_t uid : uids) {
    EXPECT_EQ(std::string::npos, server_->flags("bob", uid).find("\\Seen")) << uid;
  }
  EXPECT_OK(client.logout());
}

TEST_F(ImapDovecotTest, IdleReportsNewMail) {
  ImapClient client(account());
  ASSERT_OK(client.connect());
  ASSERT_TRUE(client.supportsIdle());
  const MailboxState state = testsupport::valueOf(client.examine());
  std::thread delivery;
  const Result<IdleOutcome> outcome = client.idle(std::chrono::seconds(20), [&] {
    // Delivered only once the server confirmed the IDLE: the notification must come by IDLE.
    delivery = std::thread([] { server_->deliver("alice", testmails::kAlternative); });
  });
  if (delivery.joinable()) {
    delivery.join();
  }
  ASSERT_OK(outcome);
  EXPECT_EQ(IdleOutcome::kMailboxChanged, *outcome);
  const event::Fetched got = testsupport::valueOf(client.fetchNewSince(state.uidNext - 1));
  ASSERT_EQ(1u, got.messages.size());
  EXPECT_EQ("Lunch?", got.messages[0].meta.subject);
  // Nothing new: IDLE ends at the time given.
  EXPECT_EQ(IdleOutcome::kTimedOut,
            testsupport::valueOf(client.idle(std::chrono::milliseconds(300))));
  EXPECT_OK(client.logout());
}

TEST_F(ImapDovecotTest, UidValidityChangeRebaselinesSilently) {
  server_->deliver("alice", testmails::kPlain);
  ImapClient first(account());
  ASSERT_OK(first.connect());
  const MailboxState before = testsupport::valueOf(first.examine());
  const FolderMark mark = planFromMark(std::nullopt, before).mark;
  EXPECT_OK(first.logout());

  server_->setUidValidity("alice", before.uidValidity + 1000);
  server_->deliver("alice", testmails::kPlain);

  ImapClient second(account());
  ASSERT_OK(second.connect());
  const MailboxState after = testsupport::valueOf(second.examine());
  EXPECT_EQ(before.uidValidity + 1000, after.uidValidity);
  const MarkPlan plan = planFromMark(mark, after);
  EXPECT_TRUE(plan.rebaselined);
  EXPECT_FALSE(plan.fetchAfter.has_value());
  EXPECT_EQ(after.uidValidity, plan.mark.uidValidity);
  EXPECT_EQ(after.uidNext - 1, plan.mark.lastUid);
  EXPECT_OK(second.logout());
}

TEST(ImapDovecotPlain, StartTlsNotOfferedIsRefusedBeforeThePasswordIsSent) {
  ASSERT_TRUE(DovecotServer::installed());
  DovecotOptions options;
  options.tls = false;
  DovecotServer server(options);
  ImapAccount a;
  a.host = "127.0.0.1";
  a.port = server.imapPort();
  a.security = Security::kStartTls;
  a.user = "alice";
  a.password = "secret";
  a.timeout = std::chrono::seconds(10);
  const Status s = checkImapLogin(a);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(MailboxErrorKind::kInsecure, mailboxErrorKind(s)) << s.toString();
  EXPECT_NE(std::string::npos, s.message().find("does not offer STARTTLS"));
  EXPECT_EQ(std::string::npos, server.log().find("Login: user=<alice>"));
}

TEST(ImapDovecotNoIdle, DriverReportsNoIdleAndPolls) {
  ASSERT_TRUE(DovecotServer::installed());
  DovecotOptions options;
  options.idle = false;
  DovecotServer server(options);
  ImapAccount a;
  a.host = "localhost";
  a.port = server.imapsPort();
  a.user = "alice";
  a.password = "secret";
  a.caFile = server.caFile();
  a.timeout = std::chrono::seconds(10);
  ImapClient client(a);
  ASSERT_OK(client.connect());
  EXPECT_FALSE(client.supportsIdle());
  const MailboxState state = testsupport::valueOf(client.examine());
  const Result<IdleOutcome> idle = client.idle(std::chrono::seconds(1));
  ASSERT_FALSE(idle.ok());
  EXPECT_EQ(StatusCode::kInvalid, idle.error().code());
  EXPECT_NE(std::string::npos, idle.error().message().find("does not offer IDLE"));
  // Polling sees new mail.
  server.deliver("alice", testmails::kPlain);
  EXPECT_EQ(state.exists + 1, testsupport::valueOf(client.poll()));
  const event::Fetched got = testsupport::valueOf(client.fetchNewSince(state.uidNext - 1));
  ASSERT_EQ(1u, got.messages.size());
  EXPECT_OK(client.logout());
  // STATUS polls without examining.
  ImapClient other(a);
  ASSERT_OK(other.connect());
  const MailboxState status = testsupport::valueOf(other.status());
  EXPECT_EQ(state.exists + 1, status.exists);
  EXPECT_EQ(state.uidValidity, status.uidValidity);
  EXPECT_EQ(got.highestUid + 1, status.uidNext);
  EXPECT_OK(other.logout());
}

}  // namespace
}  // namespace enp::imap
