// Finished events are the memory of which mail was already pushed; Maintenance deletes them
// once older than the retention, in short chunks, and never touches queued work.
#include "enp/app/maintenance.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "enp/common/secrets.h"
#include "enp/store/database.h"
#include "enp/store/registration_store.h"
#include "fake_clock.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
using testsupport::valueOf;

namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

class MaintenanceTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    Registration r;
    r.id = "a";
    r.mailbox = "a@contoso.com";
    r.policyJson = "{}";
    ASSERT_OK(RegistrationStore(*db_).create(r, sha256Hex("cb"), sha256Hex("s")));
  }
  // Queues `count` items named prefix0.. at nowMs; returns their queue rows.
  std::vector<QueuedEvent> queue(EventStore& events, const std::string& prefix, int count,
                                 int64_t nowMs) {
    NotifyWrite w;
    w.registrationId = "a";
    w.nowMs = nowMs;
    for (int i = 0; i < count; ++i) {
      w.items.push_back({prefix + std::to_string(i), "inbox", "sub", "", nowMs});
    }
    EXPECT_OK(events.persist(w));
    return valueOf(events.due(nowMs, count + 10000, {}));
  }
  // Five events delivered at 1000 ms, and the clock one hour and 1 ms later.
  void fiveDeliveredJustOverAnHourAgo(EventStore& events, testsupport::FakeClock& clock) {
    std::vector<Settlement> done;
    for (const auto& e : queue(events, "x-", 5, 1000)) {
      done.push_back({e.id, EventState::kDelivered, "", 1, 1000});
    }
    EXPECT_OK(events.settle(done));
    clock.set(1000 + 3600 * 1000 + 1);
  }
};

TEST_F(MaintenanceTest, DeletesOnlyFinishedEventsOlderThanTheRetention) {
  constexpr int64_t kDay = 24LL * 3600 * 1000;
  EventStore events(*db_);
  // 2,400 pushed long ago (more than two chunks of 1,000) ...
  std::vector<Settlement> old;
  for (const auto& e : queue(events, "old-", 2400, 1000)) {
    old.push_back({e.id, EventState::kDelivered, "", 1, 2000});
  }
  EXPECT_OK(events.settle(old));
  // ... 50 pushed recently, and 30 still queued from long ago (e.g. Exchange keeps failing).
  std::vector<Settlement> recent;
  for (const auto& e : queue(events, "recent-", 50, 8 * kDay)) {
    recent.push_back({e.id, EventState::kSuppressed, "", 1, 8 * kDay});
  }
  EXPECT_OK(events.settle(recent));
  NotifyWrite stuck;
  stuck.registrationId = "a";
  stuck.nowMs = 1500;
  for (int i = 0; i < 30; ++i) {
    stuck.items.push_back({"stuck-" + std::to_string(i), "inbox", "sub", "", 1500});
  }
  ASSERT_OK(events.persist(stuck));

  testsupport::FakeClock clock;
  clock.set(8 * kDay + 1000);  // 7 days after `recent`... and 8 after `old`
  Metrics metrics;
  Maintenance maintenance(events, clock, metrics, {hours(24 * 7), std::chrono::minutes(10)});
  EXPECT_EQ(maintenance.runOnce(), 2400);
  EXPECT_EQ(valueOf(events.countInState(EventState::kDelivered)), 0);
  EXPECT_EQ(valueOf(events.countInState(EventState::kSuppressed)), 50);
  EXPECT_EQ(valueOf(events.queuedCount()), 30);
  EXPECT_EQ(metrics.counter("enp_events_pruned_total").value(), 2400u);
  EXPECT_EQ(maintenance.runOnce(), 0);

  // Past its retention a mail is forgotten: notified again, it is queued again (and then
  // expires by maxAgeMinutes instead of being pushed a week late).
  NotifyWrite again;
  again.registrationId = "a";
  again.nowMs = 8 * kDay + 2000;
  again.items.push_back({"old-0", "inbox", "sub", "", 1000});
  ASSERT_OK(events.persist(again));
  EXPECT_EQ(again.inserted, 1);
}

TEST_F(MaintenanceTest, ResolvedAlertsLeaveTheHistoryAfterTheirRetentionFiringOnesNever) {
  constexpr int64_t kDay = 24LL * 3600 * 1000;
  EventStore events(*db_);
  AlertStore alerts(*db_);
  auto alert = [&](const std::string& key, AlertState state, int64_t resolvedAt) {
    Alert a;
    a.key = key;
    a.title = key;
    a.summary = key;
    a.firstSeenAt = 1000;
    a.lastSeenAt = 1000;
    a.count = 1;
    a.state = state;
    a.resolvedAt = resolvedAt;
    a.resolvedMailed = state == AlertState::kResolved;
    return valueOf(alerts.save(a));
  };
  alert("old-resolved", AlertState::kResolved, 2000);
  alert("recent-resolved", AlertState::kResolved, 95 * kDay);
  alert("long-firing", AlertState::kFiring, 0);
  testsupport::FakeClock clock;
  clock.set(100 * kDay);
  Metrics metrics;
  Maintenance maintenance(events, clock, metrics, {hours(24 * 7), hours(1), hours(24 * 90)},
                          &alerts);
  maintenance.runOnce();
  std::vector<std::string> left;
  for (const Alert& a : valueOf(alerts.history(10))) {
    left.push_back(a.key);
  }
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"long-firing", "recent-resolved"}));
}

TEST_F(MaintenanceTest, OnlyTheNodeHoldingTheRetentionSharePrunes) {
  EventStore events(*db_);
  testsupport::FakeClock clock;
  fiveDeliveredJustOverAnHourAgo(events, clock);
  Metrics metrics;
  cluster::ShareBook shares(clock);  // several nodes: this one holds what its heartbeat says
  Maintenance::Options options;
  options.retention = hours(1);
  options.shares = &shares;
  Maintenance maintenance(events, clock, metrics, options);
  shares.hold({0, 1, cluster::shareOf(cluster::SingleJob::kAlertMail)}, clock.nowMs() + 10000);
  EXPECT_EQ(maintenance.runOnce(), 0) << "another node's job";
  EXPECT_EQ(valueOf(events.countInState(EventState::kDelivered)), 5);
  shares.hold({cluster::shareOf(cluster::SingleJob::kRetention)}, clock.nowMs() + 10000);
  EXPECT_EQ(maintenance.runOnce(), 5);
}

TEST_F(MaintenanceTest, StartRunsAPassAndStopReturnsPromptly) {
  EventStore events(*db_);
  testsupport::FakeClock clock;
  fiveDeliveredJustOverAnHourAgo(events, clock);
  Metrics metrics;
  Maintenance maintenance(events, clock, metrics, {hours(1), hours(1)});
  maintenance.start();  // the first pass runs at once, the next in an hour
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (metrics.counter("enp_events_pruned_total").value() < 5u &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  maintenance.stop();  // does not wait for the hour
  EXPECT_EQ(valueOf(events.countInState(EventState::kDelivered)), 0);
}

}  // namespace
}  // namespace enp
