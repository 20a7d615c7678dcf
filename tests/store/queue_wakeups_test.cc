// Wake-ups between nodes sharing the queue (QueueWakeups: LISTEN enp_queue on a session of its
// own), and what they are worth against polling alone: measured here, printed (docs/postgresql.md
// quotes the numbers).

#include "enp/store/queue_wakeups.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include "enp/store/database.h"
#include "enp/store/event_store.h"
#include "postgres_server.h"
#include "registration_rows.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

using Clock = std::chrono::steady_clock;
using testsupport::isOk;
using testsupport::valueOf;

constexpr int64_t kNow = 1'000'000;

class QueueWakeupsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testsupport::PostgresServer::installed()) {
      GTEST_SKIP() << "PostgreSQL is not installed (scripts/setup.sh installs it)";
    }
    const std::string url = freshPostgresDatabase();
    dbA_ = valueOf(Database::openPostgres(url, ""));
    dbB_ = valueOf(Database::openPostgres(url, ""));
    a_ = std::make_unique<EventStore>(*dbA_);
    a_->shareQueue("node-a");
    b_ = std::make_unique<EventStore>(*dbB_);
    b_->shareQueue("node-b");
    testsupport::RegistrationRow r1;
    r1.id = "r1";
    testsupport::addRegistrationRow(*dbA_, r1);
  }

  void queue(EventStore& events, const std::string& item) {
    NotifyWrite w;
    w.registrationId = "r1";
    w.nowMs = kNow;
    w.items.push_back({item, "inbox", "sub", "wm", kNow});
    ASSERT_TRUE(isOk(events.persist(w)));
  }

  // Waits until `count` wake-ups were seen (at most 10 s).
  bool waitForWakeups(uint64_t count) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return wakeups_ >= count; });
  }
  void onWakeup() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++wakeups_;
    lastWakeup_ = Clock::now();
    cv_.notify_all();
  }

  static double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
  }

  std::unique_ptr<Database> dbA_, dbB_;
  std::unique_ptr<EventStore> a_, b_;
  std::mutex mutex_;
  std::condition_variable cv_;
  uint64_t wakeups_ = 0;          // GUARDED_BY(mutex_)
  Clock::time_point lastWakeup_;  // GUARDED_BY(mutex_)
};

TEST_F(QueueWakeupsTest, WhatOneNodeQueuesWakesTheOtherNotItself) {
  QueueWakeups onB(*dbB_, "node-b", [this] { onWakeup(); });
  onB.start();
  ASSERT_TRUE(waitForWakeups(1));  // once on listening: what was queued before it listened
  queue(*b_, "own");               // its own: it woke itself already
  queue(*a_, "other");
  ASSERT_TRUE(waitForWakeups(2));
  EXPECT_EQ(onB.received(), 1u);
  // Given back by a (a stop): b hears of it too.
  ASSERT_EQ(valueOf(a_->lease(kNow, kNow + 30000, 10)).size(), 2u);
  ASSERT_EQ(valueOf(a_->releaseLeases({})), 2);
  ASSERT_TRUE(waitForWakeups(3));
  onB.stop();
  EXPECT_EQ(onB.received(), 2u);  // (3 had its own notification counted)
}

TEST_F(QueueWakeupsTest, ALostListeningSessionIsOpenedAgain) {
  QueueWakeups onB(*dbB_, "node-b", [this] { onWakeup(); });
  onB.start();
  ASSERT_TRUE(waitForWakeups(1));
  // The server ends the listening session (a restart, a failover, an administrator).
  pg::PgConnection admin = valueOf(dbA_->openSession());
  Result<pg::PgResult> ended = admin.exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND "
      "datname = current_database()");
  ASSERT_TRUE(ended.ok()) << ended.error().toString();
  ASSERT_EQ(ended->rows(), 1);
  // Opened again (after a second), it wakes the dispatcher once for what it may have missed,
  // then hears the other nodes again.
  ASSERT_TRUE(waitForWakeups(2));
  queue(*a_, "after");
  ASSERT_TRUE(waitForWakeups(3));
  EXPECT_EQ(onB.received(), 1u);
}

// From a's commit to b having the event in hand: woken by the notification, or polling every
// 100 ms. Printed; the notification must be well under the poll's mean.
TEST_F(QueueWakeupsTest, MeasuredWakeUpAgainstAShortPoll) {
  constexpr int kRounds = 40;
  std::atomic<bool> woken{false};
  std::mutex m;
  std::condition_variable cv;
  QueueWakeups onB(*dbB_, "node-b", [&] {
    {
      std::lock_guard<std::mutex> lock(m);
      woken = true;
    }
    cv.notify_all();
  });
  onB.start();
  std::vector<double> notified, polled;
  std::vector<double> leaseQueryMs;
  {
    std::unique_lock<std::mutex> lock(m);  // the wake-up on listening
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return woken.load(); }));
    woken = false;
  }
  for (int i = 0; i < kRounds; ++i) {
    queue(*a_, "n-" + std::to_string(i));
    const auto committed = Clock::now();
    {
      std::unique_lock<std::mutex> lock(m);
      ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return woken.load(); }));
      woken = false;
    }
    const auto t0 = Clock::now();
    ASSERT_EQ(valueOf(b_->lease(kNow, kNow + 30000, 10)).size(), 1u);
    leaseQueryMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    notified.push_back(std::chrono::duration<double, std::milli>(Clock::now() - committed).count());
  }
  onB.stop();
  // Polling alone: b looks every 100 ms; a queues at a moment unrelated to b's looks.
  const auto pollStart = Clock::now();
  std::atomic<bool> done{false};
  std::atomic<int> found{0};
  std::atomic<int> looks{0};
  std::vector<Clock::time_point> foundAt(kRounds);
  std::thread poller([&] {
    auto next = pollStart;
    while (!done) {
      for (const QueuedEvent& e : valueOf(b_->lease(kNow, kNow + 30000, 10))) {
        (void)e;
        std::lock_guard<std::mutex> lock(m);
        foundAt[static_cast<size_t>(found++)] = Clock::now();
        cv.notify_all();
      }
      ++looks;
      next += std::chrono::milliseconds(100);
      std::this_thread::sleep_until(next);  // the poll under measurement, not synchronisation
    }
  });
  for (int i = 0; i < kRounds; ++i) {
    // Queued at moments spread over the poll's period (137 ms apart).
    std::this_thread::sleep_until(pollStart + std::chrono::milliseconds(50 + 137 * i));
    queue(*a_, "p-" + std::to_string(i));
    const auto committed = Clock::now();
    {
      std::unique_lock<std::mutex> lock(m);
      ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return found.load() > i; }));
    }
    polled.push_back(
        std::chrono::duration<double, std::milli>(foundAt[static_cast<size_t>(i)] - committed)
            .count());
  }
  done = true;
  poller.join();
  const double pollSeconds = std::chrono::duration<double>(Clock::now() - pollStart).count();
  std::cout << "commit on node a -> event in hand on node b, " << kRounds << " rounds:\n"
            << "  LISTEN/NOTIFY: p50 " << percentile(notified, 0.5) << " ms, p99 "
            << percentile(notified, 0.99) << " ms, max " << percentile(notified, 1.0) << " ms\n"
            << "  100 ms poll:   p50 " << percentile(polled, 0.5) << " ms, p99 "
            << percentile(polled, 0.99) << " ms, max " << percentile(polled, 1.0) << " ms; "
            << looks.load() / pollSeconds << " lease statements/s per node while idle\n"
            << "  one lease statement (1 event): p50 " << percentile(leaseQueryMs, 0.5) << " ms\n";
  EXPECT_LT(percentile(notified, 0.5), percentile(polled, 0.5));
}

}  // namespace
}  // namespace enp
