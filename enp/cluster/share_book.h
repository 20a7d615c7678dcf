#pragma once

#include <atomic>
#include <bitset>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

#include "enp/common/clock.h"

namespace enp::cluster {

/// Work that runs on one node only is cut into shares: kKeyShares hash buckets of keys
/// (registration ids; mailbox addresses for working hours), then one share per single job.
constexpr int kKeyShares = 64;
enum class SingleJob { kRetention, kAlertMail };
constexpr int kShareCount = kKeyShares + 2;

/// The share of a key: FNV-1a of its bytes modulo kKeyShares, the same on every node and
/// every version.
int shareOf(std::string_view key);
/// The share of a single job.
constexpr int shareOf(SingleJob job) { return kKeyShares + static_cast<int>(job); }

/// Which shares this node holds, as its last heartbeat left them (ClusterHeartbeat): the
/// question every keeper and watcher asks before it works on a registration. Thread-safe and
/// cheap (a lock and a bit). A share held is this node's only until its lease runs out: a node
/// that cannot renew stops working on its shares by itself before the others take them.
class ShareBook {
 public:
  enum class Holding {
    kByHeartbeat,  ///< Nothing until hold() (several nodes on PostgreSQL).
    kEverything,   ///< Every share for good (SQLite: one node; nothing to ask the database).
  };
  explicit ShareBook(const Clock& clock, Holding holding = Holding::kByHeartbeat)
      : clock_(clock), everything_(holding == Holding::kEverything) {}

  bool owns(std::string_view key) const { return ownsShare(shareOf(key)); }
  bool ownsJob(SingleJob job) const { return ownsShare(shareOf(job)); }
  bool ownsShare(int share) const;

  /// After a heartbeat: these shares are this node's until validUntilMs (ms since the epoch).
  /// A change of the set moves generation().
  void hold(const std::vector<int>& shares, int64_t validUntilMs);
  /// Lets one share go at once (before it is given away, so that no two nodes work on it).
  void drop(int share);
  /// Lets every share go (a clean stop).
  void dropAll();
  /// The shares held now, ascending.
  std::vector<int> held() const;
  /// Counts the changes of the set of shares: a watcher that sees it move looks at its accounts
  /// again at once instead of at its next reload.
  uint64_t generation() const { return generation_.load(); }

 private:
  void changed();

  const Clock& clock_;
  const bool everything_ = false;
  std::atomic<uint64_t> generation_{0};
  mutable std::mutex mutex_;
  std::bitset<kShareCount> held_;  // GUARDED_BY(mutex_)
  int64_t validUntilMs_ = 0;       // GUARDED_BY(mutex_)
};

}  // namespace enp::cluster
