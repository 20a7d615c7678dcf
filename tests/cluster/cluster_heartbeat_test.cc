// Two or three nodes' heartbeats on one PostgreSQL database, driven by one fake clock: who holds
// which share as nodes join, stop and fall silent.
#include "enp/cluster/cluster_heartbeat.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "fake_clock.h"
#include "status_matchers.h"
#include "temp_database.h"
#include "temp_dir.h"

namespace enp::cluster {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kHeartbeat{1000};
constexpr milliseconds kExpiry{3000};

ClusterNode nodeNamed(const std::string& name, int64_t startedAt) {
  ClusterNode node;
  node.name = name;
  node.startedAt = startedAt;
  return node;
}

struct Node {
  Node(const std::string& url, const std::string& name, const Clock& clock)
      : db(testsupport::valueOf(Database::openPostgres(url, ""))),
        store(*db),
        book(clock),
        heartbeat({store, book, clock, nodeNamed(name, clock.nowMs())}, {kHeartbeat, kExpiry}) {}
  int held() const { return static_cast<int>(book.held().size()); }

  std::unique_ptr<Database> db;
  ClusterStore store;
  ShareBook book;
  ClusterHeartbeat heartbeat;
};

class ClusterHeartbeatTest : public ::testing::Test {
 protected:
  Node& addNode(const std::string& name) {
    nodes_.push_back(std::make_unique<Node>(url_, name, clock_));
    return *nodes_.back();
  }
  /// A heartbeat later: each node given beats once (in the order given).
  void round(const std::vector<Node*>& beating) {
    clock_.advance(kHeartbeat);
    for (Node* n : beating) {
      ASSERT_OK(n->heartbeat.beat());
    }
  }
  /// No share is owned by two nodes' books at once.
  void expectNoShareTwice() {
    for (int s = 0; s < kShareCount; ++s) {
      int owners = 0;
      for (const auto& n : nodes_) {
        owners += n->book.ownsShare(s) ? 1 : 0;
      }
      EXPECT_LE(owners, 1) << "share " << s;
    }
  }
  /// Rounds of `beating` until no share moves for two heartbeats (a node sees another join or
  /// leave at one beat and gives at the next); the number of the last round that moved one.
  int balance(const std::vector<Node*>& beating) {
    int lastMove = 0;
    for (int rounds = 1; rounds <= 2 * kShareCount; ++rounds) {
      std::vector<int> before;
      for (Node* n : beating) {
        before.push_back(n->held());
      }
      round(beating);
      expectNoShareTwice();
      for (size_t i = 0; i < beating.size(); ++i) {
        EXPECT_LE(std::abs(beating[i]->held() - before[i]), 1) << "one share per heartbeat";
        if (beating[i]->held() != before[i]) {
          lastMove = rounds;
        }
      }
      if (rounds - lastMove >= 2) {
        return lastMove;
      }
    }
    ADD_FAILURE() << "never balanced";
    return -1;
  }

  testsupport::FakeClock clock_;
  const std::string url_ = freshPostgresDatabase();
  std::vector<std::unique_ptr<Node>> nodes_;
};

TEST_F(ClusterHeartbeatTest, TheOnlyLiveNodeHoldsEveryShare) {
  Node& a = addNode("enp-a");
  ASSERT_OK(a.heartbeat.beat());
  EXPECT_EQ(a.held(), kShareCount);
  EXPECT_TRUE(a.book.owns("any registration"));
  EXPECT_TRUE(a.book.ownsJob(SingleJob::kRetention));
  const std::vector<ClusterNode> nodes = testsupport::valueOf(a.store.nodes());
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].name, "enp-a");
  EXPECT_EQ(nodes[0].heartbeatAt, clock_.nowMs());
  for (const ClusterShare& s : testsupport::valueOf(a.store.shares())) {
    EXPECT_EQ(s.holder, "enp-a");
    EXPECT_EQ(s.heldUntil, clock_.nowMs() + kExpiry.count());
  }
}

TEST_F(ClusterHeartbeatTest, AJoiningNodeTakesItsPartOneShareAHeartbeat) {
  Node& a = addNode("enp-a");
  ASSERT_OK(a.heartbeat.beat());
  Node& b = addNode("enp-b");
  ASSERT_OK(b.heartbeat.beat());
  EXPECT_EQ(b.held(), 0) << "nothing is free: the joining node waits for shares given to it";
  // a sees b at its next beat, then gives one share a beat: 33 heartbeats after that.
  EXPECT_EQ(balance({&a, &b}), 1 + kShareCount / 2);
  EXPECT_EQ(a.held(), kShareCount / 2);
  EXPECT_EQ(b.held(), kShareCount / 2);
  EXPECT_NE(a.book.owns("registration-1"), b.book.owns("registration-1"));
}

TEST_F(ClusterHeartbeatTest, OneShareIsInPassageAtATime) {
  Node& a = addNode("enp-a");
  ASSERT_OK(a.heartbeat.beat());
  Node& b = addNode("enp-b");
  ASSERT_OK(b.heartbeat.beat());
  round({&a});  // a sees b
  round({&a});  // and gives one share away
  EXPECT_EQ(a.held(), kShareCount - 1);
  round({&a});  // b is slow to take it (and alive: within the expiry): no second one goes
  EXPECT_EQ(a.held(), kShareCount - 1);
  int free = 0;
  for (const ClusterShare& s : testsupport::valueOf(a.store.shares())) {
    free += s.holder.empty() ? 1 : 0;
  }
  EXPECT_EQ(free, 1);
  round({&b});
  EXPECT_EQ(b.held(), 1);
  round({&a});
  EXPECT_EQ(a.held(), kShareCount - 2);
}

TEST_F(ClusterHeartbeatTest, ThreeNodesEndWithAThirdEach) {
  Node& a = addNode("enp-a");
  Node& b = addNode("enp-b");
  Node& c = addNode("enp-c");
  ASSERT_OK(a.heartbeat.beat());
  ASSERT_OK(b.heartbeat.beat());
  ASSERT_OK(c.heartbeat.beat());
  EXPECT_GT(balance({&a, &b, &c}), 0);
  EXPECT_EQ(a.held(), kShareCount / 3);
  EXPECT_EQ(b.held(), kShareCount / 3);
  EXPECT_EQ(c.held(), kShareCount / 3);
}

TEST_F(ClusterHeartbeatTest, AStoppedNodesSharesAreTakenAtTheNextHeartbeat) {
  Node& a = addNode("enp-a");
  Node& b = addNode("enp-b");
  ASSERT_OK(a.heartbeat.beat());
  ASSERT_OK(b.heartbeat.beat());
  balance({&a, &b});
  a.heartbeat.stop();
  EXPECT_EQ(a.held(), 0) << "a stopping node lets go at once";
  round({&b});
  EXPECT_EQ(b.held(), kShareCount) << "freed shares need no expiry";
  const std::vector<ClusterNode> nodes = testsupport::valueOf(b.store.nodes());
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].stoppedAt, clock_.nowMs() - kHeartbeat.count());
}

TEST_F(ClusterHeartbeatTest, ANodeThatMissesItsHeartbeatsLosesItsSharesAfterTheExpiry) {
  Node& a = addNode("enp-a");
  Node& b = addNode("enp-b");
  ASSERT_OK(a.heartbeat.beat());
  ASSERT_OK(b.heartbeat.beat());
  balance({&a, &b});
  ASSERT_EQ(a.held(), kShareCount / 2);
  // a falls silent (a crash, a lost network): b beats on.
  round({&b});
  EXPECT_EQ(b.held(), kShareCount / 2) << "a's lease has not run out yet";
  round({&b});
  EXPECT_EQ(a.held(), 0) << "a stops working a heartbeat before its lease ends";
  EXPECT_EQ(b.held(), kShareCount / 2);
  round({&b});
  round({&b});
  EXPECT_EQ(b.held(), kShareCount) << "taken once the expiry has passed";
  expectNoShareTwice();
  // a comes back: it is a joining node again, and takes its part one share at a time.
  round({&a, &b});
  EXPECT_EQ(a.held(), 0);
  // a beats before b: each share b gives is taken at the next round.
  EXPECT_EQ(balance({&a, &b}), 1 + kShareCount / 2);
  EXPECT_EQ(a.held(), kShareCount / 2);
}

TEST_F(ClusterHeartbeatTest, TwoProcessesBeatingUnderOneNameAreNoticed) {
  Node& a = addNode("enp-a");
  ASSERT_OK(a.heartbeat.beat());
  const ClusterBeat again = testsupport::valueOf(
      a.store.beat(nodeNamed("enp-a", clock_.nowMs()), kShareCount, clock_.nowMs(), 3000, {}));
  EXPECT_FALSE(again.otherStart) << "its own row";
  const ClusterBeat copy = testsupport::valueOf(
      a.store.beat(nodeNamed("enp-a", clock_.nowMs() + 1), kShareCount, clock_.nowMs(), 3000, {}));
  EXPECT_TRUE(copy.otherStart) << "a second process with a copied node_name";
}

TEST(ClusterHeartbeatOnSqlite, OneNodeHoldsEveryShareAndWritesOnlyItsHeartbeat) {
  testsupport::TempDir dir;
  std::unique_ptr<Database> db = testsupport::valueOf(Database::open(dir.path() + "/enp.db"));
  testsupport::FakeClock clock;
  ClusterStore store(*db);
  ShareBook book(clock, ShareBook::Holding::kEverything);
  ClusterHeartbeat heartbeat({store, book, clock, nodeNamed("solo", 0)}, {kHeartbeat, kExpiry});
  ASSERT_OK(heartbeat.beat());
  EXPECT_TRUE(book.owns("r1"));
  const uint64_t commits = db->commitCount();
  clock.advance(kHeartbeat);
  ASSERT_OK(heartbeat.beat());
  EXPECT_EQ(db->commitCount(), commits + 1) << "one write per heartbeat";
  int held = 0;
  for (const ClusterShare& s : testsupport::valueOf(store.shares())) {
    held += s.holder == "solo" ? 1 : 0;
  }
  EXPECT_EQ(held, kShareCount);
  heartbeat.stop();
  EXPECT_TRUE(book.owns("r1")) << "SQLite's one node owns everything, stopped or not";
}

}  // namespace
}  // namespace enp::cluster
