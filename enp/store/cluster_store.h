#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/database.h"

namespace enp {

/// A node as its row in cluster_nodes says.
struct ClusterNode {
  std::string name;
  int64_t startedAt = 0;    ///< ms since the epoch
  int64_t heartbeatAt = 0;  ///< ms: its last heartbeat
  int64_t stoppedAt = 0;    ///< ms: stopped cleanly; 0 = running (or died without a word)
  std::string version;
  std::string adminListen;   ///< host:port
  std::string publicListen;  ///< host:port
};

/// A share as its row in cluster_shares says.
struct ClusterShare {
  int share = 0;
  std::string holder;  ///< "" = nobody
  int64_t heldUntil = 0;
};

/// What one heartbeat left this node with.
struct ClusterBeat {
  std::vector<int> held;    ///< The shares this node holds now, ascending.
  int64_t heldUntil = 0;    ///< ms: until when (unless renewed by the next heartbeat)
  int liveNodes = 1;        ///< Nodes whose heartbeat is within the expiry, this one included.
  int fairPart = 0;         ///< ceil(shares / liveNodes)
  std::vector<int> taken;   ///< Shares this heartbeat took (free or expired ones).
  std::optional<int> gave;  ///< The share it gave away, if it did.
  /// The node's row had another start time than this node's: another process beats under the
  /// same name (a copied enp.conf), or this is the first beat after a restart.
  bool otherStart = false;
};

/// All SQL about the nodes sharing the database and the shares of single-node work (tables
/// cluster_nodes, cluster_shares; docs/postgresql.md). Thread-safe; a database failure is
/// kStore.
class ClusterStore {
 public:
  explicit ClusterStore(Database& db) : db_(db) {}

  /// One heartbeat of `node` at nowMs, in one transaction: its row renewed, its shares held until
  /// nowMs + expiryMs, `release` (one of its shares, if given) made free unless a share is free
  /// already (one in passage at a time; it stays this node's then), and, while it holds
  /// fewer than its fair part (ceil(shareCount / live nodes)), free and expired shares taken (on
  /// PostgreSQL with FOR UPDATE SKIP LOCKED: nodes beating together never wait on each other nor
  /// take the same share). Shares 0..shareCount-1 are created on first use.
  Result<ClusterBeat> beat(const ClusterNode& node, int shareCount, int64_t nowMs, int64_t expiryMs,
                           std::optional<int> release);

  /// Whether a share is free now (given away and not yet taken): a node holding more than its
  /// part gives one away only when none is.
  Result<bool> anyFree(int shareCount);

  /// A clean stop: every share of `name` free at once, its row marked stopped.
  Status leave(const std::string& name, int64_t nowMs);

  /// Every node, by name.
  Result<std::vector<ClusterNode>> nodes();
  /// Every share, by number.
  Result<std::vector<ClusterShare>> shares();

 private:
  Database& db_;
};

}  // namespace enp
