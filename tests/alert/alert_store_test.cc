#include "enp/store/alert_store.h"

#include <gtest/gtest.h>

#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

using testsupport::valueOf;

Alert firing(const std::string& key, int64_t at) {
  Alert a;
  a.key = key;
  a.severity = Severity::kCritical;
  a.title = "title of " + key;
  a.summary = "summary";
  a.advice = "advice";
  a.firstSeenAt = at;
  a.lastSeenAt = at;
  a.count = 1;
  return a;
}

class AlertStoreTest : public TempDatabaseTest {};

TEST_F(AlertStoreTest, SavesEpisodesAndReadsThemBack) {
  AlertStore store(*db_);
  Alert a = firing("cns-rejects", 1000);
  a.id = valueOf(store.save(a));
  ASSERT_GT(a.id, 0);
  a.count = 3;
  a.lastSeenAt = 3000;
  ASSERT_OK(store.save(a));
  auto open = valueOf(store.open());
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].key, "cns-rejects");
  EXPECT_EQ(open[0].severity, Severity::kCritical);
  EXPECT_EQ(open[0].count, 3);
  EXPECT_EQ(open[0].lastSeenAt, 3000);
  EXPECT_EQ(open[0].state, AlertState::kFiring);
}

TEST_F(AlertStoreTest, OneFiringEpisodePerKeyWhichASecondNodeJoins) {
  AlertStore store(*db_);
  const int64_t id = valueOf(store.save(firing("queue-backlog", 1000)));
  Alert other = firing("queue-backlog", 2000);  // another node's board raised it too
  other.summary = "from the other node";
  EXPECT_EQ(valueOf(store.save(other)), id);
  const std::vector<Alert> open = valueOf(store.open());
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].firstSeenAt, 1000);
  EXPECT_EQ(open[0].lastSeenAt, 2000);
  EXPECT_EQ(open[0].count, 2);
  EXPECT_EQ(open[0].summary, "from the other node");
}

TEST_F(AlertStoreTest, SettledEpisodesLeaveOpenAndArePrunedByAge) {
  AlertStore store(*db_);
  Alert a = firing("disk-space", 1000);
  a.id = valueOf(store.save(a));
  a.state = AlertState::kResolved;
  a.resolvedAt = 2000;
  a.mailedAt = 1500;
  ASSERT_OK(store.save(a));
  EXPECT_EQ(valueOf(store.open()).size(), 1u) << "its resolved mail is still due";
  a.resolvedMailed = true;
  ASSERT_OK(store.save(a));
  EXPECT_TRUE(valueOf(store.open()).empty());
  // The key may fire again: a new episode.
  ASSERT_OK(store.save(firing("disk-space", 3000)));
  auto history = valueOf(store.history(10));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].state, AlertState::kFiring);  // newest first
  EXPECT_EQ(history[1].state, AlertState::kResolved);
  EXPECT_EQ(valueOf(store.history(10, history[0].id)).size(), 1u);
  EXPECT_EQ(valueOf(store.prune(1999)), 0);
  EXPECT_EQ(valueOf(store.prune(2001)), 1);
  EXPECT_EQ(valueOf(store.history(10)).size(), 1u);
}

}  // namespace
}  // namespace enp
