#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/store/event_store.h"

namespace enp {

/// Housekeeping on a timer: finished events (kept for deduplication) are deleted once older
/// than the retention, so the database does not grow with every mail ever notified. Queued
/// events are never touched.
class Maintenance {
 public:
  struct Options {
    std::chrono::hours retention{24 * 7};
    std::chrono::milliseconds interval{std::chrono::minutes(10)};
  };
  Maintenance(EventStore& events, const Clock& clock, Metrics& metrics, Options options);
  ~Maintenance();

  /// Runs every `interval`, the first time right away.
  void start();
  void stop();

  /// One pass; returns the events deleted. Store failures are logged, not thrown.
  int64_t runOnce();

 private:
  void loop();

  EventStore& events_;
  const Clock& clock_;
  Counter& pruned_;
  const Options options_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace enp
