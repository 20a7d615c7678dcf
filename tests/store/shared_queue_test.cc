// The queue shared by two nodes on one PostgreSQL database: two Database objects on one
// database are two nodes (each with its own connections, as two ENP processes).

#include <gtest/gtest.h>
#include <poll.h>

#include <algorithm>
#include <set>
#include <thread>

#include "enp/store/database.h"
#include "enp/store/event_store.h"
#include "enp/store/pg/pg_connection.h"
#include "postgres_server.h"
#include "registration_rows.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

using testsupport::isOk;
using testsupport::valueOf;

constexpr int64_t kNow = 1'000'000;
constexpr int64_t kLease = 2000;

struct Node {
  std::unique_ptr<Database> db;
  std::unique_ptr<EventStore> events;
};

class SharedQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testsupport::PostgresServer::installed()) {
      GTEST_SKIP() << "PostgreSQL is not installed (scripts/setup.sh installs it)";
    }
    url_ = freshPostgresDatabase();
    a_ = node("node-a");
    b_ = node("node-b");
    testsupport::RegistrationRow r1;
    r1.id = "r1";
    testsupport::addRegistrationRow(*a_.db, r1);
  }

  Node node(const std::string& name) {
    Node n;
    n.db = valueOf(Database::openPostgres(url_, ""));
    n.events = std::make_unique<EventStore>(*n.db);
    n.events->shareQueue(name);
    return n;
  }

  // `count` new mails of r1, queued at kNow through node `n`.
  void queue(Node& n, int count, int first = 0) {
    NotifyWrite w;
    w.registrationId = "r1";
    w.nowMs = kNow;
    for (int i = first; i < first + count; ++i) {
      w.items.push_back({"item-" + std::to_string(i), "inbox", "sub", "wm", kNow});
    }
    ASSERT_TRUE(isOk(n.events->persist(w)));
  }

  static std::vector<int64_t> ids(const std::vector<QueuedEvent>& events) {
    std::vector<int64_t> out;
    for (const QueuedEvent& e : events) {
      out.push_back(e.id);
    }
    return out;
  }

  // (leased_by, lease_until) of event `id` as stored; leased_by "" when NULL.
  std::pair<std::string, int64_t> leaseOf(int64_t id) {
    auto g = a_.db->reader();
    sql::Statement q(g.db,
                     "SELECT COALESCE(leased_by, ''), COALESCE(lease_until, 0) FROM events "
                     "WHERE id = ?");
    q.bind(1, id);
    EXPECT_TRUE(q.executeStep());
    return {q.getColumn(0).getString(), q.getColumn(1).getInt64()};
  }

  std::string url_;
  Node a_;
  Node b_;
};

// What `listener` is notified of, until `count` notifications or 10 s.
std::vector<pg::PgNotification> notifications(pg::PgConnection& listener, size_t count) {
  std::vector<pg::PgNotification> got;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (got.size() < count && std::chrono::steady_clock::now() < deadline) {
    for (pg::PgNotification& n : valueOf(listener.pollNotifications())) {
      got.push_back(std::move(n));
    }
    pollfd p{listener.socket(), POLLIN, 0};
    poll(&p, 1, 100);
  }
  return got;
}

TEST_F(SharedQueueTest, TwoNodesLeasingConcurrentlyNeverGetTheSameEvent) {
  constexpr int kEvents = 400;
  queue(a_, kEvents);
  std::vector<int64_t> gotA, gotB;
  auto drain = [](Node& n, std::vector<int64_t>& got) {
    while (true) {
      std::vector<QueuedEvent> leased = valueOf(n.events->lease(kNow, kNow + kLease, 7));
      if (leased.empty()) {
        return;
      }
      for (const QueuedEvent& e : leased) {
        got.push_back(e.id);
      }
    }
  };
  std::thread ta([&] { drain(a_, gotA); });
  std::thread tb([&] { drain(b_, gotB); });
  ta.join();
  tb.join();
  std::set<int64_t> all(gotA.begin(), gotA.end());
  for (int64_t id : gotB) {
    EXPECT_TRUE(all.insert(id).second) << "event " << id << " leased by both nodes";
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kEvents));
  EXPECT_EQ(gotA.size() + gotB.size(), static_cast<size_t>(kEvents));
  EXPECT_FALSE(gotA.empty());  // both took part (400 events in batches of 7)
  EXPECT_FALSE(gotB.empty());
  EXPECT_EQ(leaseOf(gotA.front()).first, "node-a");
  EXPECT_EQ(leaseOf(gotB.front()).first, "node-b");
}

TEST_F(SharedQueueTest, LeasedEventsComeOldestFirstWithWhatTheWorkerNeeds) {
  queue(a_, 3);
  std::vector<QueuedEvent> leased = valueOf(a_.events->lease(kNow, kNow + kLease, 10));
  ASSERT_EQ(leased.size(), 3u);
  EXPECT_TRUE(
      std::is_sorted(leased.begin(), leased.end(),
                     [](const QueuedEvent& x, const QueuedEvent& y) { return x.id < y.id; }));
  EXPECT_EQ(leased[0].registrationId, "r1");
  EXPECT_EQ(leased[0].itemId, "item-0");
  EXPECT_EQ(leased[0].folderId, "inbox");
  EXPECT_EQ(leased[0].eventTime, kNow);
  EXPECT_EQ(leaseOf(leased[0].id), std::make_pair(std::string("node-a"), kNow + kLease));
  // Not due yet: not leased.
  EXPECT_TRUE(valueOf(b_.events->lease(kNow, kNow + kLease, 10)).empty());
}

TEST_F(SharedQueueTest, AnExpiredLeaseIsTakenByTheOtherNode) {
  queue(a_, 2);
  const std::vector<int64_t> held = ids(valueOf(a_.events->lease(kNow, kNow + kLease, 10)));
  ASSERT_EQ(held.size(), 2u);
  // While a's lease runs, b gets nothing; at its last millisecond still nothing.
  EXPECT_TRUE(valueOf(b_.events->lease(kNow + kLease - 1, kNow + 2 * kLease, 10)).empty());
  EXPECT_TRUE(valueOf(b_.events->lease(kNow + kLease, kNow + 2 * kLease, 10)).empty());
  // a died (renews no more): after the expiry b takes both.
  const std::vector<int64_t> taken =
      ids(valueOf(b_.events->lease(kNow + kLease + 1, kNow + 3 * kLease, 10)));
  EXPECT_EQ(taken, held);
  EXPECT_EQ(leaseOf(held[0]).first, "node-b");
  // a's late renewal does not take them back.
  EXPECT_EQ(valueOf(a_.events->renewLeases(held, kNow + 5 * kLease)), 0);
  EXPECT_EQ(leaseOf(held[0]), std::make_pair(std::string("node-b"), kNow + 3 * kLease));
}

TEST_F(SharedQueueTest, RenewalKeepsTheLeaseOfWhatTheNodeStillHolds) {
  queue(a_, 3);
  const std::vector<int64_t> held = ids(valueOf(a_.events->lease(kNow, kNow + kLease, 10)));
  ASSERT_EQ(held.size(), 3u);
  // One statement for all the node holds (here two of the three).
  EXPECT_EQ(valueOf(a_.events->renewLeases({held[0], held[1]}, kNow + 3 * kLease)), 2);
  const std::vector<int64_t> taken =
      ids(valueOf(b_.events->lease(kNow + 2 * kLease, kNow + 4 * kLease, 10)));
  EXPECT_EQ(taken, std::vector<int64_t>{held[2]});
  EXPECT_EQ(leaseOf(held[0]), std::make_pair(std::string("node-a"), kNow + 3 * kLease));
}

TEST_F(SharedQueueTest, SettleEndsTheLease) {
  queue(a_, 2);
  const std::vector<int64_t> held = ids(valueOf(a_.events->lease(kNow, kNow + kLease, 10)));
  ASSERT_EQ(held.size(), 2u);
  ASSERT_TRUE(isOk(a_.events->settle({{held[0], EventState::kDelivered, "", 1, kNow + 10},
                                      {held[1], EventState::kQueued, "cns 503", 1, kNow + 500}})));
  EXPECT_EQ(leaseOf(held[0]), std::make_pair(std::string(), int64_t{0}));
  EXPECT_EQ(leaseOf(held[1]), std::make_pair(std::string(), int64_t{0}));
  // The retry is any node's once due, without waiting for a lease to run out.
  EXPECT_TRUE(valueOf(b_.events->lease(kNow + 499, kNow + kLease, 10)).empty());
  EXPECT_EQ(ids(valueOf(b_.events->lease(kNow + 500, kNow + kLease, 10))),
            std::vector<int64_t>{held[1]});
  EXPECT_EQ(valueOf(a_.events->countInState(EventState::kDelivered)), 1);
}

TEST_F(SharedQueueTest, GivenBackEventsAreTheOtherNodesAtOnce) {
  queue(a_, 3);
  const std::vector<int64_t> held = ids(valueOf(a_.events->lease(kNow, kNow + kLease, 10)));
  ASSERT_EQ(held.size(), 3u);
  // A batch abandoned: its events are given back before the lease runs out.
  EXPECT_EQ(valueOf(a_.events->releaseLeases({held[0]})), 1);
  EXPECT_EQ(ids(valueOf(b_.events->lease(kNow + 1, kNow + kLease, 10))),
            std::vector<int64_t>{held[0]});
  // b cannot give back what a holds; a stopping gives back all it holds.
  EXPECT_EQ(valueOf(b_.events->releaseLeases({held[1]})), 0);
  EXPECT_EQ(valueOf(a_.events->releaseLeases({})), 2);
  EXPECT_EQ(ids(valueOf(b_.events->lease(kNow + 1, kNow + kLease, 10))),
            (std::vector<int64_t>{held[1], held[2]}));
  EXPECT_EQ(leaseOf(held[0]).first, "node-b");
}

TEST_F(SharedQueueTest, QueuingNotifiesTheOtherNodesInTheCommit) {
  pg::PgConnection listener = valueOf(pg::PgConnection::open(url_));
  ASSERT_TRUE(isOk(listener.listen(EventStore::kQueueChannel)));
  queue(a_, 1);
  queue(b_, 1);     // a duplicate, through b: nothing new, no notification
  queue(a_, 1, 1);  // new again
  // Notifications arrive in commit order: had the duplicate notified, b's would be second.
  const std::vector<pg::PgNotification> got = notifications(listener, 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].channel, "enp_queue");
  EXPECT_EQ(got[0].payload, "node-a");  // the sender, which ignores its own
  EXPECT_EQ(got[1].payload, "node-a");
}

TEST_F(SharedQueueTest, TheQueueBrowserShowsWhichNodeWorksOnAnEvent) {
  queue(a_, 2);
  const std::vector<int64_t> held = ids(valueOf(a_.events->lease(kNow, kNow + kLease, 1)));
  ASSERT_EQ(held.size(), 1u);
  const std::vector<QueueEntry> listed = valueOf(b_.events->list(EventState::kQueued, 10, 0));
  ASSERT_EQ(listed.size(), 2u);  // newest first: the second is the leased one
  EXPECT_EQ(listed[1].id, held[0]);
  EXPECT_EQ(listed[1].leasedBy, "node-a");
  EXPECT_EQ(listed[1].leaseUntil, kNow + kLease);
  EXPECT_EQ(listed[0].leasedBy, "");
}

TEST_F(SharedQueueTest, RetryNowAndRequeueWakeTheOtherNodesAndLeaveHeldEventsAlone) {
  queue(a_, 2);
  const std::vector<int64_t> held = ids(valueOf(a_.events->lease(kNow, kNow + kLease, 10)));
  ASSERT_EQ(held.size(), 2u);
  // One waits for a retry, one is dead.
  ASSERT_TRUE(isOk(a_.events->settle({{held[0], EventState::kQueued, "cns 503", 1, kNow + 60000},
                                      {held[1], EventState::kDead, "gone", 5, kNow}})));
  pg::PgConnection listener = valueOf(pg::PgConnection::open(url_));
  ASSERT_TRUE(isOk(listener.listen(EventStore::kQueueChannel)));
  // "Retry now" on node b: node a may take it at once.
  EXPECT_EQ(valueOf(b_.events->retryNow({}, kNow + 1)), 1);
  EXPECT_EQ(ids(valueOf(a_.events->lease(kNow + 1, kNow + kLease, 10))),
            std::vector<int64_t>{held[0]});
  // Held by a now: another "Retry now" leaves it alone.
  EXPECT_EQ(valueOf(b_.events->retryNow({}, kNow + 2)), 0);
  EXPECT_EQ(valueOf(b_.events->requeueDead({}, kNow + 2)), 1);
  EXPECT_EQ(ids(valueOf(a_.events->lease(kNow + 2, kNow + kLease, 10))),
            std::vector<int64_t>{held[1]});
  const std::vector<pg::PgNotification> got = notifications(listener, 2);
  ASSERT_EQ(got.size(), 2u);  // one each, from b
  EXPECT_EQ(got[0].payload, "node-b");
  EXPECT_EQ(got[1].payload, "node-b");
}

TEST_F(SharedQueueTest, AnEventInHandIsNotLeasedAgainUntilItsBatchLetsItGo) {
  queue(a_, 2);
  const std::vector<int64_t> held = ids(valueOf(a_.events->lease(kNow, kNow + kLease, 10)));
  ASSERT_EQ(held.size(), 2u);
  // A batch settles held[0] for a retry due at once: the settlement ends the lease, while the
  // batch still holds the event. Leased again now, it would stay leased to a, in nobody's hand.
  ASSERT_TRUE(isOk(a_.events->settle({{held[0], EventState::kQueued, "cns 503", 1, kNow + 1}})));
  EXPECT_TRUE(valueOf(a_.events->lease(kNow + 1, kNow + kLease, 10, held)).empty());
  EXPECT_EQ(leaseOf(held[0]).first, "");
  // Once the batch let it go, the next look takes it, with what the settlement recorded.
  const std::vector<QueuedEvent> again =
      valueOf(a_.events->lease(kNow + 1, kNow + kLease, 10, {held[1]}));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, held[0]);
  EXPECT_EQ(again[0].attempts, 1);
  EXPECT_EQ(leaseOf(held[0]).first, "node-a");
}

TEST_F(SharedQueueTest, OneRegistrationsEventsAreLeasedAlone) {
  testsupport::RegistrationRow r2;
  r2.id = "r2";
  testsupport::addRegistrationRow(*a_.db, r2);
  queue(a_, 3);
  NotifyWrite w;
  w.registrationId = "r2";
  w.nowMs = kNow;
  w.items.push_back({"other", "inbox", "sub", "wm", kNow});
  ASSERT_TRUE(isOk(a_.events->persist(w)));
  const std::vector<QueuedEvent> leased =
      valueOf(a_.events->leaseOf("r2", kNow, kNow + kLease, 10, {}));
  ASSERT_EQ(leased.size(), 1u);
  EXPECT_EQ(leased[0].itemId, "other");
  EXPECT_EQ(leaseOf(leased[0].id).first, "node-a");
  // Leased: the other node passes it over; r1's three are still free for it.
  EXPECT_TRUE(valueOf(b_.events->leaseOf("r2", kNow, kNow + kLease, 10, {})).empty());
  EXPECT_EQ(valueOf(b_.events->lease(kNow, kNow + kLease, 10)).size(), 3u);
}

TEST_F(SharedQueueTest, LeasingNeedsASharedQueue) {
  Database& db = *a_.db;
  EventStore alone(db);
  EXPECT_EQ(alone.lease(kNow, kNow + kLease, 1).error().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace enp
