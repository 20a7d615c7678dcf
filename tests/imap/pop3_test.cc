// POP3: the reply reader on hand-written replies, and the client against a real Dovecot.
#include <gtest/gtest.h>

#include "dovecot_suite.h"
#include "enp/source/imap/mailbox_error.h"
#include "enp/source/imap/pop3_client.h"
#include "enp/source/imap/pop3_reply.h"
#include "status_matchers.h"
#include "test_mails.h"

namespace enp::imap {
namespace {

using testsupport::DovecotServer;

TEST(Pop3Reply, SingleAndMultiLineWithDotUnstuffing) {
  Pop3ReplyReader reader;
  reader.feed("+OK POP3 ready\r\n+OK 2 messages\r\n1 abc\r\n..dotted\r\n.\r\n-ERR [AUTH] no");
  Pop3Reply r = testsupport::valueOf(reader.next(false)).value();
  EXPECT_TRUE(r.ok);
  EXPECT_EQ("POP3 ready", r.text);
  r = testsupport::valueOf(reader.next(true)).value();
  ASSERT_EQ(2u, r.lines.size());
  EXPECT_EQ("1 abc", r.lines[0]);
  EXPECT_EQ(".dotted", r.lines[1]);
  EXPECT_FALSE(testsupport::valueOf(reader.next(false)).has_value());  // no line end yet
  reader.feed("\r\n");
  r = testsupport::valueOf(reader.next(true)).value();  // -ERR is never multi-line
  EXPECT_FALSE(r.ok);
  EXPECT_EQ("[AUTH] no", r.text);
}

TEST(Pop3Reply, GarbageAndOversizedRepliesFail) {
  Pop3ReplyReader garbage;
  garbage.feed("HELLO\r\n");
  Result<std::optional<Pop3Reply>> r = garbage.next(false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(MailboxErrorKind::kProtocol, mailboxErrorKind(r.error()));
  Pop3ReplyReader big;
  big.feed("+OK\r\n" + std::string(70 * 1024, 'x'));
  EXPECT_FALSE(big.next(true).ok());
}

class Pop3DovecotTest : public testsupport::DovecotSuite {
 protected:
  Pop3Account account(const std::string& user = "alice", const std::string& password = "secret") {
    return accountOn<Pop3Account>(server_->pop3sPort(), user, password);
  }
};

TEST_F(Pop3DovecotTest, LoginCheck) {
  EXPECT_OK(checkPop3Login(account()));
  const Status wrong = checkPop3Login(account("alice", "nope"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(MailboxErrorKind::kAuthFailed, mailboxErrorKind(wrong)) << wrong.toString();
  EXPECT_NE(std::string::npos, wrong.message().find("Authentication failed")) << wrong.message();
}

TEST_F(Pop3DovecotTest, StlsUpgradesThePlainPort) {
  Pop3Account a = account();
  a.port = server_->pop3Port();
  a.security = Security::kStartTls;
  EXPECT_OK(checkPop3Login(a));
}

TEST_F(Pop3DovecotTest, NewMessagesByUidlWithMetadataFromTopAndNothingDeleted) {
  server_->deliver("bob", testmails::kPlain);
  Pop3Client first(account("bob", "hunter2"));
  ASSERT_OK(first.connect());
  const std::vector<Pop3Listing> before = testsupport::valueOf(first.list());
  ASSERT_EQ(1u, before.size());
  EXPECT_OK(first.quit());

  const uint32_t uids[] = {server_->deliver("bob", testmails::kQuotedPrintable),
                           server_->deliver("bob", testmails::kEncodedWords),
                           server_->deliver("bob", testmails::kHtmlOnly),
                           server_->deliver("bob", testmails::kAlternative)};
  std::set<std::string> known;
  for (const Pop3Listing& l : before) {
    known.insert(l.uid);
  }
  Pop3Client client(account("bob", "hunter2"));
  ASSERT_OK(client.connect());
  const std::vector<Pop3Message> fresh = testsupport::valueOf(client.fetchNew(known));
  ASSERT_EQ(4u, fresh.size());
  EXPECT_EQ("J\u00FCrgen M\u00FCller", fresh[0].meta.fromName);
  EXPECT_EQ("juergen@example.de", fresh[0].meta.fromAddress);
  EXPECT_EQ("Gr\u00FC\u00DFe aus K\u00F6ln", fresh[0].meta.subject);
  EXPECT_EQ("2025-07-02T08:30:00Z", fresh[0].meta.date);
  EXPECT_EQ(
      "Sch\u00F6ne Gr\u00FC\u00DFe aus K\u00F6ln, und ein sehr langer Satz, der weich "
      "umbrochen wird.",
      fresh[0].meta.snippet);
  EXPECT_EQ("\u65E5\u672C\u8A9E\u306E\u4EF6\u540D \U0001F389", fresh[1].meta.subject);
  EXPECT_EQ("\u3053\u3093\u306B\u3061\u306F", fresh[1].meta.snippet);
  EXPECT_EQ("Top story: caf\u00E9 prices & more Read on\u2026", fresh[2].meta.snippet);
  EXPECT_EQ("Lunch at noon? The new caf\u00E9 opens today.", fresh[3].meta.snippet);
  EXPECT_OK(client.quit());

  // Nothing deleted, nothing marked read.
  EXPECT_EQ(5u, server_->messageCount("bob"));
  for (uint32_t uid : uids) {
    EXPECT_EQ(std::string::npos, server_->flags("bob", uid).find("\\Seen")) << uid;
  }
  // A second poll finds nothing new.
  for (const Pop3Message& m : fresh) {
    known.insert(m.listing.uid);
  }
  Pop3Client again(account("bob", "hunter2"));
  ASSERT_OK(again.connect());
  EXPECT_TRUE(testsupport::valueOf(again.fetchNew(known)).empty());
  EXPECT_OK(again.quit());
}

}  // namespace
}  // namespace enp::imap
