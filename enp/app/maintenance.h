#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "enp/cluster/share_book.h"
#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/store/alert_store.h"
#include "enp/store/event_store.h"

namespace enp {

/// Housekeeping on a timer: finished events (kept for deduplication) are deleted once older
/// than the retention, so the database does not grow with every mail ever notified, and alert
/// episodes resolved (and mailed about) longer ago than the alert retention leave the history.
/// Queued events and firing alerts are never touched.
class Maintenance {
 public:
  struct Options {
    std::chrono::hours retention{24 * 7};
    std::chrono::milliseconds interval{std::chrono::minutes(10)};
    std::chrono::hours alertRetention{24 * 90};
    /// Several nodes: a pass runs only on the node holding the retention share (null: always).
    const cluster::ShareBook* shares = nullptr;
  };
  /// alerts may be null (no alert history to prune).
  Maintenance(EventStore& events, const Clock& clock, Metrics& metrics, Options options,
              AlertStore* alerts = nullptr);
  ~Maintenance();

  /// Runs every `interval`, the first time right away.
  void start();
  void stop();

  /// One pass; returns the events deleted. Store failures are logged, not thrown. Nothing (0)
  /// on a node that does not hold the retention share.
  int64_t runOnce();

 private:
  void loop();

  void pruneAlerts();

  EventStore& events_;
  AlertStore* alerts_;
  const Clock& clock_;
  Counter& pruned_;
  const Options options_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace enp
