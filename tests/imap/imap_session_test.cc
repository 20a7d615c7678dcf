// The IMAP session state machine against scripted server transcripts: what it sends, what it
// reports, and how it classifies failures. No sockets, no clock: time is passed in.
#include "enp/source/imap/imap_session.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "enp/source/imap/mailbox_error.h"

namespace enp::imap {
namespace {

using namespace std::chrono_literals;
using Instant = Session::Instant;

class SessionTest : public ::testing::Test {
 protected:
  SessionOptions options(Security security = Security::kImplicitTls) {
    SessionOptions o;
    o.user = "alice";
    o.password = "s3cret";
    o.security = security;
    o.clientVersion = "1.0";
    return o;
  }

  void start(SessionOptions o) {
    session_ = std::make_unique<Session>(std::move(o));
    session_->connected(now_);
  }
  // Feeds server lines; returns what the session sent in answer.
  std::string server(const std::string& bytes) {
    session_->receive(bytes, now_);
    return session_->takeOutput();
  }
  std::vector<SessionEvent> events() {
    std::vector<SessionEvent> out;
    while (std::optional<SessionEvent> e = session_->nextEvent()) {
      out.push_back(std::move(*e));
    }
    return out;
  }
  template <typename T>
  const T* lastEventOf(const std::vector<SessionEvent>& list) {
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
      if (const T* e = std::get_if<T>(&*it)) {
        return e;
      }
    }
    return nullptr;
  }
  Status failure() {
    const std::vector<SessionEvent> list = events();
    const event::Failed* f = lastEventOf<event::Failed>(list);
    return f == nullptr ? Status() : f->status;
  }
  // Logs in over implicit TLS with a server offering SASL-IR and IDLE.
  void loggedIn(SessionOptions o) {
    start(std::move(o));
    ASSERT_EQ("E1 AUTHENTICATE PLAIN AGFsaWNlAHMzY3JldA==\r\n",
              server("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n"));
    ASSERT_EQ("", server("E1 OK [CAPABILITY IMAP4rev1 IDLE UIDPLUS] Logged in\r\n"));
    events();
  }
  void examined() {
    ASSERT_TRUE(session_->examine(now_).ok());
    ASSERT_EQ("E2 EXAMINE \"INBOX\"\r\n", session_->takeOutput());
    server(
        "* FLAGS (\\Seen)\r\n* 3 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 1700000000] v\r\n"
        "* OK [UIDNEXT 42] n\r\nE2 OK [READ-ONLY] Examine completed\r\n");
  }

  Instant now_ = Instant{} + 1000s;
  std::unique_ptr<Session> session_;
};

TEST_F(SessionTest, ImplicitTlsSaslIrThenCapabilitiesAndId) {
  start(options());
  EXPECT_EQ(Session::Phase::kConnecting, session_->phase());
  EXPECT_EQ("E1 AUTHENTICATE PLAIN AGFsaWNlAHMzY3JldA==\r\n",
            server("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN ID] Dovecot ready.\r\n"));
  // The login answer carries no capabilities: they are asked again (iCloud adds IDLE now).
  EXPECT_EQ("E2 CAPABILITY\r\n", server("E1 OK Logged in\r\n"));
  EXPECT_FALSE(session_->supportsIdle());
  EXPECT_EQ("E3 ID (\"name\" \"ENP\" \"version\" \"1.0\")\r\n",
            server("* CAPABILITY IMAP4rev1 IDLE ID\r\nE2 OK done\r\n"));
  EXPECT_TRUE(session_->supportsIdle());
  EXPECT_EQ("", server("* ID NIL\r\nE3 OK ID completed\r\n"));
  const std::vector<SessionEvent> list = events();
  ASSERT_EQ(1u, list.size());
  EXPECT_TRUE(std::holds_alternative<event::LoggedIn>(list[0]));
  EXPECT_TRUE(session_->ready());
}

TEST_F(SessionTest, StartTlsThenLoginWithQuotedArguments) {
  SessionOptions o = options(Security::kStartTls);
  o.password = "pa\"ss\\word";
  o.sendId = false;
  start(o);
  EXPECT_EQ("E1 CAPABILITY\r\n", server("* OK ready\r\n"));
  EXPECT_EQ("E2 STARTTLS\r\n",
            server("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\nE1 OK done\r\n"));
  EXPECT_EQ("", server("E2 OK Begin TLS negotiation now\r\n"));
  EXPECT_TRUE(session_->wantsTls());
  session_->tlsEstablished(now_);
  EXPECT_EQ("E3 CAPABILITY\r\n", session_->takeOutput());
  EXPECT_FALSE(session_->hasCapability("LOGINDISABLED"));  // pre-TLS capabilities are void
  EXPECT_EQ("E4 LOGIN \"alice\" \"pa\\\"ss\\\\word\"\r\n",
            server("* CAPABILITY IMAP4rev1 IDLE\r\nE3 OK done\r\n"));
  EXPECT_EQ("", server("E4 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n"));
  const std::vector<SessionEvent> list = events();
  ASSERT_NE(nullptr, lastEventOf<event::LoggedIn>(list));
}

TEST_F(SessionTest, NonAsciiPasswordGoesAsALiteralAfterTheContinuation) {
  SessionOptions o = options();
  o.password = "p\xC3\xA4ss";
  o.sendId = false;
  start(o);
  EXPECT_EQ("E1 LOGIN \"alice\" {5}\r\n", server("* OK [CAPABILITY IMAP4rev1] ready\r\n"));
  EXPECT_EQ("p\xC3\xA4ss\r\n", server("+ Ready for literal data\r\n"));
  EXPECT_EQ("E2 CAPABILITY\r\n", server("E1 OK Logged in\r\n"));
}

TEST_F(SessionTest, AuthenticateWithoutSaslIrWaitsForTheContinuation) {
  start(options());
  EXPECT_EQ("E1 AUTHENTICATE PLAIN\r\n", server("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n"));
  EXPECT_EQ("AGFsaWNlAHMzY3JldA==\r\n", server("+ \r\n"));
}

TEST_F(SessionTest, StartTlsNotOfferedRefusesToLogIn) {
  start(options(Security::kStartTls));
  const std::string sent =
      server("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN LOGIN] plain text only\r\n");
  EXPECT_EQ("", sent);
  const Status s = failure();
  EXPECT_EQ(MailboxErrorKind::kInsecure, mailboxErrorKind(s));
  EXPECT_NE(std::string::npos, s.message().find("does not offer STARTTLS"));
  EXPECT_EQ(Session::Phase::kFailed, session_->phase());
}

TEST_F(SessionTest, StartTlsRefusedAndPreauthWithoutTlsAreInsecure) {
  start(options(Security::kStartTls));
  server("* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n");
  server("E1 NO TLS not available\r\n");
  EXPECT_EQ(MailboxErrorKind::kInsecure, mailboxErrorKind(failure()));

  start(options(Security::kStartTls));
  server("* PREAUTH welcome\r\n");
  EXPECT_EQ(MailboxErrorKind::kInsecure, mailboxErrorKind(failure()));
}

TEST_F(SessionTest, WrongPasswordIsAuthFailedInTheServersWords) {
  start(options());
  server("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n");
  server("E1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  const Status s = failure();
  EXPECT_EQ(MailboxErrorKind::kAuthFailed, mailboxErrorKind(s));
  EXPECT_EQ(StatusCode::kInvalid, s.code());
  EXPECT_EQ(
      "auth failed: the server refused the user name or password; the server said: "
      "[AUTHENTICATIONFAILED] Authentication failed.",
      s.message());
  EXPECT_EQ(std::string::npos, s.message().find("s3cret"));
}

TEST_F(SessionTest, ThrottlingAndUnavailabilityAreToldApart) {
  start(options());
  server("* BYE Too many simultaneous connections. (Failure)\r\n");
  EXPECT_EQ(MailboxErrorKind::kThrottled, mailboxErrorKind(failure()));

  start(options());
  server("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n");
  server("E1 NO [LIMIT] Login rate exceeded\r\n");
  EXPECT_EQ(MailboxErrorKind::kThrottled, mailboxErrorKind(failure()));

  start(options());
  server("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n");
  server("E1 NO [UNAVAILABLE] Temporary authentication failure\r\n");
  EXPECT_EQ(MailboxErrorKind::kUnavailable, mailboxErrorKind(failure()));
}

TEST_F(SessionTest, ExamineReportsUidValidityAndNext) {
  loggedIn(options());
  examined();
  const std::vector<SessionEvent> list = events();
  const event::Selected* sel = lastEventOf<event::Selected>(list);
  ASSERT_NE(nullptr, sel);
  EXPECT_EQ(1700000000u, sel->mailbox.uidValidity);
  EXPECT_EQ(42u, sel->mailbox.uidNext);
  EXPECT_EQ(3u, sel->mailbox.exists);
  EXPECT_EQ(Session::Phase::kSelected, session_->phase());
}

TEST_F(SessionTest, ExamineWithoutUidNextAsksForTheLastUid) {
  loggedIn(options());
  ASSERT_TRUE(session_->examine(now_).ok());
  session_->takeOutput();
  EXPECT_EQ("E3 FETCH * (UID)\r\n",
            server("* 2 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\nE2 OK [READ-ONLY] done\r\n"));
  server("* 2 FETCH (UID 17)\r\nE3 OK done\r\n");
  const std::vector<SessionEvent> list = events();
  ASSERT_NE(nullptr, lastEventOf<event::Selected>(list));
  EXPECT_EQ(18u, lastEventOf<event::Selected>(list)->mailbox.uidNext);
}

TEST_F(SessionTest, MissingFolderIsNoFolder) {
  SessionOptions o = options();
  o.folder = "Entw\xC3\xBCrfe";
  o.pathPrefix = "INBOX.";
  loggedIn(o);
  ASSERT_TRUE(session_->examine(now_).ok());
  EXPECT_EQ("E2 EXAMINE \"INBOX.Entw&APw-rfe\"\r\n", session_->takeOutput());
  server("E2 NO [NONEXISTENT] Mailbox doesn't exist: INBOX.Entw&APw-rfe\r\n");
  EXPECT_EQ(MailboxErrorKind::kNoFolder, mailboxErrorKind(failure()));
}

TEST_F(SessionTest, FetchNewSinceReadsMetadataThenPeeksAtTheTextPart) {
  loggedIn(options());
  examined();
  events();
  ASSERT_TRUE(session_->fetchNewSince(41, now_).ok());
  EXPECT_EQ("E3 UID SEARCH UID 42:*\r\n", session_->takeOutput());
  EXPECT_EQ("E4 UID FETCH 42:43 (UID FLAGS INTERNALDATE ENVELOPE BODYSTRUCTURE)\r\n",
            server("* SEARCH 42 43 40\r\nE3 OK Search completed\r\n"));
  const std::string meta =
      "* 4 FETCH (UID 42 FLAGS () INTERNALDATE \"01-Jul-2024 10:00:00 +0200\" ENVELOPE "
      "(\"Mon, 1 Jul 2024 09:59:00 +0200\" \"=?UTF-8?Q?Budget_f=C3=BCr_Q3?=\" "
      "((\"=?UTF-8?B?QWxpY2Ug8J+Yig==?=\" NIL \"alice\" \"example.com\")) NIL NIL NIL NIL NIL "
      "NIL \"<1@example.com>\") BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"utf-8\") NIL "
      "NIL \"quoted-printable\" 40 2 NIL NIL NIL NIL))\r\n"
      "* 5 FETCH (UID 43 FLAGS (\\Seen) INTERNALDATE \"01-Jul-2024 10:01:00 +0000\" ENVELOPE "
      "(NIL \"Hi\" ((NIL NIL \"bob\" \"example.com\")) NIL NIL NIL NIL NIL NIL NIL) "
      "BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 5 1 NIL NIL "
      "NIL NIL)(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 9 1 NIL NIL NIL NIL) "
      "\"alternative\" (\"boundary\" \"b\") NIL NIL NIL))\r\n"
      "E4 OK Fetch completed\r\n";
  // Both text parts are part 1 (of a single-part and of a multipart message): one fetch.
  EXPECT_EQ("E5 UID FETCH 42:43 (BODY.PEEK[1]<0.2048>)\r\n", server(meta));
  server(
      "* 4 FETCH (UID 42 BODY[1]<0> {23}\r\nGr=C3=BC=C3=9Fe, Anna\r\n)\r\n"
      "* 5 FETCH (UID 43 BODY[1]<0> \"Hello\")\r\nE5 OK done\r\n");
  const std::vector<SessionEvent> list = events();
  const event::Fetched* fetched = lastEventOf<event::Fetched>(list);
  ASSERT_NE(nullptr, fetched);
  ASSERT_EQ(2u, fetched->messages.size());
  const ImapMessage& m = fetched->messages[0];
  EXPECT_EQ(42u, m.uid);
  EXPECT_EQ("Alice \U0001F60A", m.meta.fromName);
  EXPECT_EQ("alice@example.com", m.meta.fromAddress);
  EXPECT_EQ("Budget f\u00FCr Q3", m.meta.subject);
  EXPECT_EQ("2024-07-01T07:59:00Z", m.meta.date);
  EXPECT_EQ("2024-07-01T08:00:00Z", m.received);
  EXPECT_EQ("Gr\u00FC\u00DFe, Anna", m.meta.snippet);
  EXPECT_FALSE(m.seen);
  EXPECT_EQ("Hello", fetched->messages[1].meta.snippet);
  EXPECT_TRUE(fetched->messages[1].seen);
  EXPECT_EQ(43u, fetched->highestUid);
  EXPECT_TRUE(session_->ready());
}

TEST_F(SessionTest, NothingNewAndTooManyNew) {
  SessionOptions o = options();
  o.maxMessages = 2;
  loggedIn(o);
  examined();
  events();
  ASSERT_TRUE(session_->fetchNewSince(41, now_).ok());
  session_->takeOutput();
  server("* SEARCH 40\r\nE3 OK done\r\n");  // "42:*" matched only the last, older message
  std::vector<SessionEvent> list = events();
  ASSERT_NE(nullptr, lastEventOf<event::Fetched>(list));
  EXPECT_TRUE(lastEventOf<event::Fetched>(list)->messages.empty());

  ASSERT_TRUE(session_->fetchNewSince(41, now_).ok());
  session_->takeOutput();
  EXPECT_EQ("E5 UID FETCH 45:46 (UID FLAGS INTERNALDATE ENVELOPE BODYSTRUCTURE)\r\n",
            server("* SEARCH 42 43 44 45 46\r\nE4 OK done\r\n"));
  server("E5 OK done\r\n");
  list = events();
  ASSERT_NE(nullptr, lastEventOf<event::Fetched>(list));
  EXPECT_EQ(3u, lastEventOf<event::Fetched>(list)->skipped);
  EXPECT_EQ(46u, lastEventOf<event::Fetched>(list)->highestUid);
}

TEST_F(SessionTest, IdleReportsNewMailAndIsRenewedBefore29Minutes) {
  loggedIn(options());
  examined();
  events();
  ASSERT_TRUE(session_->startIdle(now_).ok());
  EXPECT_EQ("E3 IDLE\r\n", session_->takeOutput());
  server("+ idling\r\n");
  EXPECT_EQ(Session::Phase::kIdling, session_->phase());
  EXPECT_EQ(now_ + 28min, session_->deadline().value());
  server("* 4 EXISTS\r\n* 1 RECENT\r\n");
  std::vector<SessionEvent> list = events();
  ASSERT_NE(nullptr, lastEventOf<event::MailboxChanged>(list));
  EXPECT_EQ(4u, lastEventOf<event::MailboxChanged>(list)->exists);
  // 28 minutes later: DONE, and IDLE again once the server confirms.
  now_ += 28min;
  session_->tick(now_);
  EXPECT_EQ("DONE\r\n", session_->takeOutput());
  EXPECT_EQ("E4 IDLE\r\n", server("E3 OK Idle completed\r\n"));
  server("+ idling\r\n");
  // The caller ends it to fetch.
  ASSERT_TRUE(session_->stopIdle(now_).ok());
  EXPECT_EQ("DONE\r\n", session_->takeOutput());
  server("E4 OK done\r\n");
  list = events();
  ASSERT_NE(nullptr, lastEventOf<event::IdleStopped>(list));
  EXPECT_TRUE(session_->ready());
  EXPECT_EQ(Session::Phase::kSelected, session_->phase());
}

TEST_F(SessionTest, NoIdleWithoutTheCapabilityAndNoopPolls) {
  start(options());
  server("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n");
  server("E1 OK [CAPABILITY IMAP4rev1] Logged in\r\n");
  examined();
  events();
  EXPECT_FALSE(session_->supportsIdle());
  EXPECT_FALSE(session_->startIdle(now_).ok());
  ASSERT_TRUE(session_->noop(now_).ok());
  EXPECT_EQ("E3 NOOP\r\n", session_->takeOutput());
  server("* 5 EXISTS\r\nE3 OK NOOP completed\r\n");
  const std::vector<SessionEvent> list = events();
  ASSERT_NE(nullptr, lastEventOf<event::Polled>(list));
  EXPECT_EQ(5u, lastEventOf<event::Polled>(list)->exists);
}

TEST_F(SessionTest, StatusPolling) {
  loggedIn(options());
  ASSERT_TRUE(session_->status(now_).ok());
  EXPECT_EQ("E2 STATUS \"INBOX\" (MESSAGES UIDNEXT UIDVALIDITY)\r\n", session_->takeOutput());
  server("* STATUS INBOX (MESSAGES 3 UIDNEXT 9 UIDVALIDITY 77)\r\nE2 OK done\r\n");
  const std::vector<SessionEvent> list = events();
  ASSERT_NE(nullptr, lastEventOf<event::StatusRead>(list));
  EXPECT_EQ(9u, lastEventOf<event::StatusRead>(list)->mailbox.uidNext);
  EXPECT_EQ(77u, lastEventOf<event::StatusRead>(list)->mailbox.uidValidity);
}

TEST_F(SessionTest, LogoutWhileIdling) {
  loggedIn(options());
  examined();
  ASSERT_TRUE(session_->startIdle(now_).ok());
  session_->takeOutput();
  server("+ idling\r\n");
  ASSERT_TRUE(session_->logout(now_).ok());
  EXPECT_EQ("DONE\r\nE4 LOGOUT\r\n", session_->takeOutput());
  server("E3 OK Idle completed\r\n* BYE Logging out\r\nE4 OK Logout completed\r\n");
  const std::vector<SessionEvent> list = events();
  EXPECT_NE(nullptr, lastEventOf<event::LoggedOut>(list));
  EXPECT_EQ(nullptr, lastEventOf<event::Failed>(list));
  EXPECT_EQ(Session::Phase::kClosed, session_->phase());
}

TEST_F(SessionTest, TimeoutsAndServerGoingAway) {
  start(options());
  now_ += 61s;
  session_->tick(now_);
  EXPECT_EQ(MailboxErrorKind::kUnavailable, mailboxErrorKind(failure()));

  loggedIn(options());
  examined();
  events();
  server("* BYE Server shutting down\r\n");
  const Status s = failure();
  EXPECT_EQ(MailboxErrorKind::kUnavailable, mailboxErrorKind(s));
  EXPECT_NE(std::string::npos, s.message().find("Server shutting down"));

  loggedIn(options());
  session_->connectionClosed("reset by peer");
  EXPECT_EQ(MailboxErrorKind::kUnavailable, mailboxErrorKind(failure()));
}

TEST_F(SessionTest, AlertsAreReportedAndGarbageFails) {
  start(options());
  server("* OK [ALERT] Your password expires in 3 days\r\n");
  std::vector<SessionEvent> list = events();
  ASSERT_NE(nullptr, lastEventOf<event::Alert>(list));
  EXPECT_EQ("the server said: Your password expires in 3 days",
            lastEventOf<event::Alert>(list)->text);

  loggedIn(options());
  server("E9 OK who sent this\r\n");
  EXPECT_EQ(MailboxErrorKind::kProtocol, mailboxErrorKind(failure()));
}

}  // namespace
}  // namespace enp::imap
