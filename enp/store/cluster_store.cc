#include "enp/store/cluster_store.h"

#include <algorithm>

#include "enp/store/sql/statement.h"

namespace enp {
namespace {

// A node silent this long is forgotten (its row leaves the console).
constexpr int64_t kForgetNodeMs = 7LL * 24 * 3600 * 1000;

void upsertNode(sql::Connection& db, const ClusterNode& node, int64_t nowMs) {
  sql::Statement q(db,
                   "INSERT INTO cluster_nodes(name, started_at, heartbeat_at, stopped_at, version, "
                   "admin_listen, public_listen) VALUES (?, ?, ?, 0, ?, ?, ?) "
                   "ON CONFLICT(name) DO UPDATE SET started_at = excluded.started_at, "
                   "heartbeat_at = excluded.heartbeat_at, stopped_at = 0, "
                   "version = excluded.version, admin_listen = excluded.admin_listen, "
                   "public_listen = excluded.public_listen");
  q.bind(1, node.name);
  q.bind(2, node.startedAt);
  q.bind(3, nowMs);
  q.bind(4, node.version);
  q.bind(5, node.adminListen);
  q.bind(6, node.publicListen);
  q.exec();
}

void createShares(sql::Connection& db, int shareCount) {
  sql::Statement count(db, "SELECT COUNT(*) FROM cluster_shares WHERE share < ?");
  count.bind(1, static_cast<int64_t>(shareCount));
  if (count.executeStep() && count.getColumn(0).getInt64() >= shareCount) {
    return;
  }
  sql::Statement add(db, "INSERT INTO cluster_shares(share) VALUES (?) ON CONFLICT DO NOTHING");
  for (int s = 0; s < shareCount; ++s) {
    add.bind(1, static_cast<int64_t>(s));
    add.exec();
    add.reset();
  }
}

std::vector<int> heldBy(sql::Connection& db, const std::string& name, int shareCount) {
  sql::Statement q(
      db, "SELECT share FROM cluster_shares WHERE holder = ? AND share < ? ORDER BY share");
  q.bind(1, name);
  q.bind(2, static_cast<int64_t>(shareCount));
  std::vector<int> held;
  while (q.executeStep()) {
    held.push_back(static_cast<int>(q.getColumn(0).getInt64()));
  }
  return held;
}

// Free or expired shares, at most `limit`; on PostgreSQL rows another node is taking right now
// are skipped, not waited for.
std::vector<int> takeable(sql::Connection& db, int shareCount, int64_t nowMs, int limit) {
  const bool postgres = db.dialect() == sql::Dialect::kPostgres;
  sql::Statement q(db, postgres ? "SELECT share FROM cluster_shares WHERE share < ? AND "
                                  "(holder = '' OR held_until < ?) ORDER BY share LIMIT ? "
                                  "FOR UPDATE SKIP LOCKED"
                                : "SELECT share FROM cluster_shares WHERE share < ? AND "
                                  "(holder = '' OR held_until < ?) ORDER BY share LIMIT ?");
  q.bind(1, static_cast<int64_t>(shareCount));
  q.bind(2, nowMs);
  q.bind(3, static_cast<int64_t>(limit));
  std::vector<int> found;
  while (q.executeStep()) {
    found.push_back(static_cast<int>(q.getColumn(0).getInt64()));
  }
  return found;
}

bool anyShareFree(sql::Connection& db, int shareCount) {
  sql::Statement q(db, "SELECT COUNT(*) FROM cluster_shares WHERE share < ? AND holder = ''");
  q.bind(1, static_cast<int64_t>(shareCount));
  return q.executeStep() && q.getColumn(0).getInt64() > 0;
}

ClusterNode nodeOf(sql::Statement& q) {
  ClusterNode n;
  n.name = q.getColumn(0).getString();
  n.startedAt = q.getColumn(1).getInt64();
  n.heartbeatAt = q.getColumn(2).getInt64();
  n.stoppedAt = q.getColumn(3).getInt64();
  n.version = q.getColumn(4).getString();
  n.adminListen = q.getColumn(5).getString();
  n.publicListen = q.getColumn(6).getString();
  return n;
}

}  // namespace

Result<ClusterBeat> ClusterStore::beat(const ClusterNode& node, int shareCount, int64_t nowMs,
                                       int64_t expiryMs, std::optional<int> release) {
  ClusterBeat out;
  const Status written = db_.write([&](sql::Connection& db) {
    out = ClusterBeat{};
    sql::Statement started(db, "SELECT started_at FROM cluster_nodes WHERE name = ?");
    started.bind(1, node.name);
    out.otherStart = started.executeStep() && started.getColumn(0).getInt64() != node.startedAt;
    upsertNode(db, node, nowMs);
    createShares(db, shareCount);
    sql::Statement forget(db, "DELETE FROM cluster_nodes WHERE heartbeat_at < ?");
    forget.bind(1, nowMs - kForgetNodeMs);
    forget.exec();
    out.heldUntil = nowMs + expiryMs;
    if (release && !anyShareFree(db, shareCount)) {
      // One share in passage at a time: a share given away and not yet taken is enough.
      sql::Statement give(db,
                          "UPDATE cluster_shares SET holder = '', held_until = 0 "
                          "WHERE share = ? AND holder = ?");
      give.bind(1, static_cast<int64_t>(*release));
      give.bind(2, node.name);
      if (give.exec() > 0) {
        out.gave = *release;
      }
    }
    // Taking a share re-checks that it is free or expired: under READ COMMITTED a row renewed
    // or taken by another node meanwhile is left alone.
    sql::Statement renew(db, "UPDATE cluster_shares SET held_until = ? WHERE holder = ?");
    renew.bind(1, out.heldUntil);
    renew.bind(2, node.name);
    renew.exec();
    sql::Statement live(db,
                        "SELECT COUNT(*) FROM cluster_nodes WHERE stopped_at = 0 AND "
                        "heartbeat_at >= ?");
    live.bind(1, nowMs - expiryMs);
    out.liveNodes = live.executeStep() ? static_cast<int>(live.getColumn(0).getInt64()) : 1;
    out.liveNodes = std::max(1, out.liveNodes);
    out.fairPart = (shareCount + out.liveNodes - 1) / out.liveNodes;
    out.held = heldBy(db, node.name, shareCount);
    const int wanted = out.fairPart - static_cast<int>(out.held.size());
    if (wanted <= 0) {
      return;
    }
    sql::Statement take(db,
                        "UPDATE cluster_shares SET holder = ?, held_until = ? WHERE share = ? AND "
                        "(holder = '' OR held_until < ?)");
    for (const int share : takeable(db, shareCount, nowMs, wanted)) {
      if (out.gave && *out.gave == share) {
        continue;  // given away this very beat: another node's to take
      }
      take.bind(1, node.name);
      take.bind(2, out.heldUntil);
      take.bind(3, static_cast<int64_t>(share));
      take.bind(4, nowMs);
      if (take.exec() > 0) {
        out.taken.push_back(share);
      }
      take.reset();
    }
    out.held = heldBy(db, node.name, shareCount);
  });
  if (!written.ok()) {
    return Status::store("cluster heartbeat of " + node.name + ": " + written.message());
  }
  return out;
}

Result<bool> ClusterStore::anyFree(int shareCount) try {
  auto g = db_.reader();
  return anyShareFree(g.db, shareCount);
} catch (const std::exception& e) {
  return Status::store(std::string("reading the cluster's shares: ") + e.what());
}

Status ClusterStore::leave(const std::string& name, int64_t nowMs) {
  const Status written = db_.write([&](sql::Connection& db) {
    sql::Statement free(db,
                        "UPDATE cluster_shares SET holder = '', held_until = 0 WHERE holder = ?");
    free.bind(1, name);
    free.exec();
    sql::Statement stopped(db, "UPDATE cluster_nodes SET stopped_at = ? WHERE name = ?");
    stopped.bind(1, nowMs);
    stopped.bind(2, name);
    stopped.exec();
  });
  if (!written.ok()) {
    return Status::store("releasing the shares of " + name + ": " + written.message());
  }
  return Status();
}

Result<std::vector<ClusterNode>> ClusterStore::nodes() try {
  auto g = db_.reader();
  sql::Statement q(g.db,
                   "SELECT name, started_at, heartbeat_at, stopped_at, version, admin_listen, "
                   "public_listen FROM cluster_nodes ORDER BY name");
  std::vector<ClusterNode> out;
  while (q.executeStep()) {
    out.push_back(nodeOf(q));
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("reading the cluster's nodes: ") + e.what());
}

Result<std::vector<ClusterShare>> ClusterStore::shares() try {
  auto g = db_.reader();
  sql::Statement q(g.db, "SELECT share, holder, held_until FROM cluster_shares ORDER BY share");
  std::vector<ClusterShare> out;
  while (q.executeStep()) {
    out.push_back({static_cast<int>(q.getColumn(0).getInt64()), q.getColumn(1).getString(),
                   q.getColumn(2).getInt64()});
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("reading the cluster's shares: ") + e.what());
}

}  // namespace enp
