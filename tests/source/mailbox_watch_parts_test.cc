// The pure parts of the mailbox watcher: the reconnect back-off, the connection gate, the
// queue's item ids of IMAP mail and the mail cache.
#include <gtest/gtest.h>

#include "enp/source/watch/connect_gate.h"
#include "enp/source/watch/imap_item.h"
#include "enp/source/watch/login_failure_alert.h"
#include "enp/source/watch/mail_cache.h"
#include "enp/source/watch/reconnect_delay.h"

namespace enp {
namespace {

using std::chrono::milliseconds;

Mail mailWithId(const std::string& id) {
  Mail m;
  m.itemId = id;
  return m;
}

TEST(ReconnectDelayTest, DoublesUpToTheMaximumAndJitterTakesOffAtMostHalf) {
  const ReconnectPolicy p{milliseconds(1000), milliseconds(60000), milliseconds(3600000)};
  EXPECT_EQ(reconnectDelay(p, 1, 0.0), milliseconds(1000));
  EXPECT_EQ(reconnectDelay(p, 2, 0.0), milliseconds(2000));
  EXPECT_EQ(reconnectDelay(p, 4, 0.0), milliseconds(8000));
  EXPECT_EQ(reconnectDelay(p, 7, 0.0), milliseconds(60000));
  EXPECT_EQ(reconnectDelay(p, 1000, 0.0), milliseconds(60000));
  EXPECT_EQ(reconnectDelay(p, 4, 1.0), milliseconds(4000));
  EXPECT_EQ(reconnectDelay(p, 4, 0.5), milliseconds(6000));
}

TEST(ConnectGateTest, SpacesConnectionsAtTheRate) {
  ConnectGate gate(10);  // one per 100 ms
  const ConnectGate::Instant t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(gate.reserve(t0), t0);
  EXPECT_EQ(gate.reserve(t0), t0 + milliseconds(100));
  EXPECT_EQ(gate.reserve(t0), t0 + milliseconds(200));
  // Later than the next slot: at once.
  EXPECT_EQ(gate.reserve(t0 + milliseconds(1000)), t0 + milliseconds(1000));
}

TEST(ImapItemTest, ItemIdsCarryUidValidityAndUid) {
  EXPECT_EQ(imapItemId(4000000000u, 17), "imap:4000000000:17");
  const std::optional<ImapItemRef> ref = parseImapItemId("imap:4000000000:17");
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->uidValidity, 4000000000u);
  EXPECT_EQ(ref->uid, 17u);
  EXPECT_FALSE(parseImapItemId("AAMkAGI2"));
  EXPECT_FALSE(parseImapItemId("imap:1"));
  EXPECT_FALSE(parseImapItemId("imap:1:x"));
}

TEST(ImapItemTest, TheMailHasSenderSubjectSnippetAndReceived) {
  imap::ImapMessage m;
  m.uid = 5;
  m.meta = {"Bob", "bob@fabrikam.com", "Hi", "2026-01-02T03:04:05Z", "Hello"};
  m.received = "2026-01-02T03:04:06Z";
  const Mail mail = toMail(m, 9);
  EXPECT_EQ(mail.itemId, "imap:9:5");
  EXPECT_EQ(mail.senderName, "Bob");
  EXPECT_EQ(mail.senderAddress, "bob@fabrikam.com");
  EXPECT_EQ(mail.subject, "Hi");
  EXPECT_EQ(mail.snippetSource, "Hello");
  EXPECT_EQ(mail.received, "2026-01-02T03:04:06Z");
}

TEST(LoginFailureAlertTest, ManyIsThreeAccountsAndATenthOfTheServers) {
  EXPECT_FALSE(manyLoginsRefused(1, 1));  // one user's changed password
  EXPECT_FALSE(manyLoginsRefused(2, 2));
  EXPECT_TRUE(manyLoginsRefused(3, 3));
  EXPECT_TRUE(manyLoginsRefused(3, 30));
  EXPECT_FALSE(manyLoginsRefused(3, 31));
  EXPECT_TRUE(manyLoginsRefused(100, 1000));
}

TEST(MailCacheTest, AMailIsTakenOnceAndTheOldestGoBeyondTheCapacity) {
  MailCache cache(2);
  cache.put("r", "a", mailWithId("a"));
  cache.put("r", "b", mailWithId("b"));
  cache.put("r", "c", mailWithId("c"));
  EXPECT_FALSE(cache.take("r", "a"));
  ASSERT_TRUE(cache.take("r", "b"));
  EXPECT_FALSE(cache.take("r", "b"));
  EXPECT_FALSE(cache.take("other", "c"));
  EXPECT_TRUE(cache.take("r", "c"));
}

}  // namespace
}  // namespace enp
