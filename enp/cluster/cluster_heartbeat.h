#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "enp/cluster/share_book.h"
#include "enp/common/clock.h"
#include "enp/common/status.h"
#include "enp/store/cluster_store.h"

namespace enp::cluster {

/// A node's heartbeat ([cluster] heartbeat_seconds): each beat renews its row and its shares,
/// takes free and expired shares up to its fair part (ceil(shares / live nodes)), and gives one
/// away when it holds more, so that a node joining takes its part one share per heartbeat (no
/// storm of reconnections). A node whose heartbeat is older than node_expiry_seconds is dead; its
/// shares are taken once their lease (the expiry) has run out. A clean stop frees its shares at
/// once. The ShareBook follows every beat.
class ClusterHeartbeat {
 public:
  struct Options {
    std::chrono::milliseconds heartbeat{5000};
    std::chrono::milliseconds expiry{15000};
  };
  struct Deps {
    ClusterStore& store;
    ShareBook& book;
    const Clock& clock;
    ClusterNode node;  ///< This node: name, startedAt, version, listen addresses.
  };

  ClusterHeartbeat(Deps deps, Options options);
  ~ClusterHeartbeat();
  ClusterHeartbeat(const ClusterHeartbeat&) = delete;
  ClusterHeartbeat& operator=(const ClusterHeartbeat&) = delete;

  /// One heartbeat now (tests call it with a fake clock; start() calls it every heartbeat).
  Status beat();
  /// Beats once at once, then every heartbeat on a thread of its own.
  void start();
  /// Stops the thread, lets go of every share in the book and frees them in the database.
  void stop();

 private:
  void loop();

  Deps deps_;
  const Options options_;
  std::vector<int> held_;  // as the last beat left them (beat() is never run concurrently)
  int fairPart_ = 0;
  bool beaten_ = false;   // a beat succeeded before
  std::mutex beatMutex_;  // one beat at a time

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace enp::cluster
