// What several nodes coordinate with, between two real sessions: advisory locks (migrations
// applied once), LISTEN/NOTIFY (wake-ups) and FOR UPDATE SKIP LOCKED (queue leases).

#include <gtest/gtest.h>
#include <poll.h>

#include <chrono>
#include <set>

#include "enp/store/pg/pg_connection.h"
#include "pg_suite.h"
#include "status_matchers.h"

namespace enp::pg {
namespace {

using testsupport::isOk;
using testsupport::valueOf;

class PgCoordinationTest : public PgSuite {};

// Waits on `c`'s socket (poll, at most `timeout`) until a notification arrives.
std::vector<PgNotification> waitForNotifications(PgConnection& c,
                                                 std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::vector<PgNotification> got = valueOf(c.pollNotifications());
    if (!got.empty()) {
      return got;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) {
      return {};
    }
    pollfd p{c.socket(), POLLIN, 0};
    poll(&p, 1, static_cast<int>(left));
  }
}

TEST_F(PgCoordinationTest, AdvisoryLockHasOneHolderAndIsFreedWhenItsSessionEnds) {
  constexpr int64_t kMigrations = 0x454e50'4d4947;  // "ENPMIG"
  PgConnection first = connect();
  EXPECT_TRUE(valueOf(first.tryAdvisoryLock(kMigrations)));
  {
    PgConnection second = connect();
    EXPECT_FALSE(valueOf(second.tryAdvisoryLock(kMigrations)));
    ASSERT_TRUE(isOk(first.advisoryUnlock(kMigrations)));
    EXPECT_TRUE(valueOf(second.tryAdvisoryLock(kMigrations)));
    EXPECT_FALSE(valueOf(first.tryAdvisoryLock(kMigrations)));
  }  // the second session ends, holding it (a node that died): the server releases it
  // The session's process ends after the connection closes: wait for the lock (at most 10 s).
  ASSERT_TRUE(isOk(first.exec("SET lock_timeout = '10s'")));
  ASSERT_TRUE(isOk(first.advisoryLock(kMigrations)));
  ASSERT_TRUE(isOk(first.advisoryUnlock(kMigrations)));
  EXPECT_EQ(first.advisoryUnlock(kMigrations).code(), StatusCode::kInternal);
}

TEST_F(PgCoordinationTest, NotifyFromOneSessionWakesAListenerOnAnother) {
  PgConnection listener = connect();
  PgConnection sender = connect();
  ASSERT_TRUE(isOk(listener.listen("enp queue")));  // any text: quoted as an identifier
  EXPECT_TRUE(valueOf(listener.pollNotifications()).empty());

  ASSERT_TRUE(isOk(sender.notify("enp queue", "registration 7 ✉")));
  std::vector<PgNotification> got = waitForNotifications(listener, std::chrono::seconds(10));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].channel, "enp queue");
  EXPECT_EQ(got[0].payload, "registration 7 ✉");
  EXPECT_EQ(got[0].senderPid, sender.backendPid());

  // Inside a transaction the notification waits for the commit (none for a rollback).
  ASSERT_TRUE(isOk(sender.begin()));
  ASSERT_TRUE(isOk(sender.notify("enp queue", "rolled back")));
  ASSERT_TRUE(isOk(sender.rollback()));
  ASSERT_TRUE(isOk(sender.begin()));
  ASSERT_TRUE(isOk(sender.notify("enp queue", "committed")));
  ASSERT_TRUE(isOk(sender.commit()));
  got = waitForNotifications(listener, std::chrono::seconds(10));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].payload, "committed");

  ASSERT_TRUE(isOk(listener.unlisten("enp queue")));
}

TEST_F(PgCoordinationTest, SkipLockedLetsTwoSessionsLeaseDifferentRows) {
  PgConnection setup = connect();
  ASSERT_TRUE(isOk(setup.exec("DROP TABLE IF EXISTS lease_queue")));  // --gtest_repeat
  ASSERT_TRUE(isOk(setup.exec("CREATE TABLE lease_queue (id int PRIMARY KEY)")));
  ASSERT_TRUE(isOk(setup.exec("INSERT INTO lease_queue SELECT generate_series(1, 5)")));
  const std::string lease = "SELECT id FROM lease_queue ORDER BY id LIMIT 2 FOR UPDATE SKIP LOCKED";
  auto ids = [](const PgResult& r) {
    std::set<std::string> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.insert(r.text(i, 0));
    }
    return out;
  };

  PgConnection nodeA = connect();
  PgConnection nodeB = connect();
  ASSERT_TRUE(isOk(nodeA.begin()));
  ASSERT_TRUE(isOk(nodeB.begin()));
  const std::set<std::string> a = ids(valueOf(nodeA.exec(lease)));
  const std::set<std::string> b = ids(valueOf(nodeB.exec(lease)));
  EXPECT_EQ(a, (std::set<std::string>{"1", "2"}));
  EXPECT_EQ(b, (std::set<std::string>{"3", "4"}));  // not blocked, not the same rows
  PgConnection nodeC = connect();
  EXPECT_EQ(ids(valueOf(nodeC.exec(lease))), (std::set<std::string>{"5"}));  // what is left

  // Node A finishes its rows; node B dies (rollback): its rows are free again.
  ASSERT_TRUE(isOk(nodeA.exec("DELETE FROM lease_queue WHERE id IN (1, 2)")));
  ASSERT_TRUE(isOk(nodeA.commit()));
  ASSERT_TRUE(isOk(nodeB.rollback()));
  ASSERT_TRUE(isOk(nodeB.begin()));
  EXPECT_EQ(ids(valueOf(nodeB.exec(lease))), (std::set<std::string>{"3", "4"}));
  ASSERT_TRUE(isOk(nodeB.commit()));
}

}  // namespace
}  // namespace enp::pg
