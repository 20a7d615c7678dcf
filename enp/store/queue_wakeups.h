#pragma once

// Wake-ups across nodes sharing a queue on PostgreSQL: what another node queued (or gave back)
// is announced on EventStore::kQueueChannel in the same transaction; this listens for it on a
// session of its own and wakes the local dispatcher.

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "enp/store/database.h"

namespace enp {

class QueueWakeups {
 public:
  /// `onQueued` runs on this class's thread for each notification another node sent (the
  /// payload names the sender: this node's own are skipped, it wakes itself).
  QueueWakeups(Database& db, std::string nodeName, std::function<void()> onQueued);
  ~QueueWakeups();
  QueueWakeups(const QueueWakeups&) = delete;
  QueueWakeups& operator=(const QueueWakeups&) = delete;

  /// Starts listening (on its own thread). A lost session is opened again after a second;
  /// notifications sent meanwhile are lost: the dispatcher's poll finds their events.
  void start();
  void stop();

  /// Notifications from other nodes so far (for tests and metrics).
  uint64_t received() const { return received_.load(); }

 private:
  void run();

  Database& db_;
  const std::string nodeName_;
  const std::function<void()> onQueued_;
  int stopFd_ = -1;  // an eventfd: readable once stop() was called
  std::atomic<uint64_t> received_{0};
  std::thread thread_;
};

}  // namespace enp
