// The queue shared by several nodes on one PostgreSQL database (docs/postgresql.md, "The
// queue"): a node leases due events in one statement, renews its leases while it holds them,
// and gives them back when it stops. EventStore's members; settle() ends a lease with the
// outcome. On SQLite one node holds its events in memory and none of this runs.
#include <algorithm>
#include <string>

#include "enp/store/event_store.h"
#include "enp/store/sql/connection.h"
#include "enp/store/sql/statement.h"

namespace enp {
namespace {

// `ids` as a PostgreSQL array literal, "{1,2,3}", bound as one parameter (one statement for
// any number of events).
std::string idArray(const std::vector<int64_t>& ids) {
  std::string out = "{";
  for (size_t i = 0; i < ids.size(); ++i) {
    out += (i == 0 ? "" : ",") + std::to_string(ids[i]);
  }
  return out + "}";
}

Status notShared() {
  return Status::internal("the queue is not shared (EventStore::shareQueue was not called)");
}

}  // namespace

void EventStore::notifyQueued(sql::Connection&) {
  // Delivered to the listening nodes when the transaction commits; several in one transaction
  // are delivered once. The payload names the sender, which ignores its own.
  sql::Statement& q = db_.cached("SELECT pg_notify(?, ?)");
  q.bind(1, kQueueChannel);
  q.bind(2, nodeName_);
  q.executeStep();
  q.reset();
}

Result<std::vector<QueuedEvent>> EventStore::lease(int64_t nowMs, int64_t leaseUntilMs, int limit,
                                                   const std::vector<int64_t>& inHand) {
  return leaseWhere("", nowMs, leaseUntilMs, limit, inHand);
}

Result<std::vector<QueuedEvent>> EventStore::leaseOf(const std::string& registrationId,
                                                     int64_t nowMs, int64_t leaseUntilMs, int limit,
                                                     const std::vector<int64_t>& inHand) {
  return leaseWhere(registrationId, nowMs, leaseUntilMs, limit, inHand);
}

Result<std::vector<QueuedEvent>> EventStore::leaseWhere(const std::string& registrationId,
                                                        int64_t nowMs, int64_t leaseUntilMs,
                                                        int limit,
                                                        const std::vector<int64_t>& inHand) {
  if (nodeName_.empty()) {
    return notShared();
  }
  std::vector<QueuedEvent> out;
  const Status written = db_.write([&](sql::Connection&) {
  // SKIP LOCKED: rows another node is leasing (or settling) right now are passed over, not
  // waited for; a row leased by another node's committed statement fails the recheck of
  // lease_until.
#define ENP_LEASE_SQL(OF_ONE)                                                               \
  "UPDATE events SET leased_by = ?, lease_until = ? WHERE id IN (SELECT id FROM events "    \
  "WHERE " OF_ONE                                                                           \
  "state = 'queued' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?) " \
  "AND NOT id = ANY(CAST(? AS BIGINT[])) ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE "  \
  "SKIP LOCKED) RETURNING id, registration_id, item_id, folder_id, attempts, event_time, "  \
  "next_attempt_at"
    static constexpr const char* kAny = ENP_LEASE_SQL("");
    static constexpr const char* kOfOne = ENP_LEASE_SQL("registration_id = ? AND ");
#undef ENP_LEASE_SQL
    sql::Statement& q = db_.cached(registrationId.empty() ? kAny : kOfOne);
    int i = 1;
    q.bind(i++, nodeName_);
    q.bind(i++, leaseUntilMs);
    if (!registrationId.empty()) {
      q.bind(i++, registrationId);
    }
    q.bind(i++, nowMs);
    q.bind(i++, nowMs);
    q.bind(i++, idArray(inHand));
    q.bind(i++, limit);
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                     q.getColumn(2).getString(), q.getColumn(3).getString(),
                     q.getColumn(4).getInt(), q.getColumn(5).getInt64(),
                     q.getColumn(6).getInt64()});
    }
    q.reset();
  });
  if (!written.ok()) {
    return Status::store("leasing queued events: " + written.message());
  }
  // RETURNING keeps no order: oldest first, as the dispatcher starts them.
  std::sort(out.begin(), out.end(), [](const QueuedEvent& a, const QueuedEvent& b) {
    return a.nextAttemptAt != b.nextAttemptAt ? a.nextAttemptAt < b.nextAttemptAt : a.id < b.id;
  });
  return out;
}

Result<int> EventStore::renewLeases(const std::vector<int64_t>& ids, int64_t leaseUntilMs) {
  if (nodeName_.empty()) {
    return notShared();
  }
  if (ids.empty()) {
    return 0;
  }
  int renewed = 0;
  const Status written = db_.write([&](sql::Connection&) {
    // Only this node's leases: one that ran out and was taken by another node stays its.
    sql::Statement& q = db_.cached(
        "UPDATE events SET lease_until = ? WHERE leased_by = ? AND state = 'queued' AND "
        "id = ANY(CAST(? AS BIGINT[]))");
    q.bind(1, leaseUntilMs);
    q.bind(2, nodeName_);
    q.bind(3, idArray(ids));
    renewed = q.exec();
  });
  if (!written.ok()) {
    return Status::store("renewing " + std::to_string(ids.size()) +
                         " lease(s): " + written.message());
  }
  return renewed;
}

Result<int> EventStore::releaseLeases(const std::vector<int64_t>& ids) {
  if (nodeName_.empty()) {
    return notShared();
  }
  int released = 0;
  const Status written = db_.write([&](sql::Connection& db) {
    sql::Statement& q = ids.empty() ? db_.cached(
                                          "UPDATE events SET leased_by = NULL, lease_until = NULL "
                                          "WHERE leased_by = ?")
                                    : db_.cached(
                                          "UPDATE events SET leased_by = NULL, lease_until = NULL "
                                          "WHERE leased_by = ? AND id = ANY(CAST(? AS BIGINT[]))");
    q.bind(1, nodeName_);
    if (!ids.empty()) {
      q.bind(2, idArray(ids));
    }
    released = q.exec();
    if (released > 0) {
      notifyQueued(db);  // the others may take them now
    }
  });
  if (!written.ok()) {
    return Status::store("giving back leased events: " + written.message());
  }
  return released;
}

}  // namespace enp
