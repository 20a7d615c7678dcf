// The administrator's hands on the queue: list what waits or was dead-lettered, retry now,
// requeue dead letters. EventStore's members, kept apart from the pipeline's hot path.
#include <string>

#include "enp/store/event_store.h"
#include "enp/store/sql/statement.h"

namespace enp {
namespace {

// "(?, ?, ?)" for n ids; "" for none.
std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += i == 0 ? "(?" : ", ?";
  }
  return n == 0 ? out : out + ")";
}

void bindIds(sql::Statement& q, int first, const std::vector<int64_t>& ids) {
  for (size_t i = 0; i < ids.size(); ++i) {
    q.bind(first + static_cast<int>(i), ids[i]);
  }
}

}  // namespace

Result<std::vector<QueueEntry>> EventStore::list(EventState state, int limit,
                                                 int64_t beforeId) try {
  auto g = db_.reader();
  sql::Statement q(g.db,
                   "SELECT e.id, e.registration_id, COALESCE(r.mailbox, ''), e.item_id, "
                   "e.attempts, e.created_at, e.next_attempt_at, COALESCE(e.finished_at, 0), "
                   "e.last_error, COALESCE(e.leased_by, ''), COALESCE(e.lease_until, 0) "
                   "FROM events e LEFT JOIN registrations r ON "
                   "r.id = e.registration_id WHERE e.state = ? AND (? = 0 OR e.id < ?) "
                   "ORDER BY e.id DESC LIMIT ?");
  q.bind(1, toString(state));
  q.bind(2, beforeId);
  q.bind(3, beforeId);
  q.bind(4, limit);
  std::vector<QueueEntry> out;
  while (q.executeStep()) {
    QueueEntry e;
    e.id = q.getColumn(0).getInt64();
    e.registrationId = q.getColumn(1).getString();
    e.mailbox = q.getColumn(2).getString();
    e.itemId = q.getColumn(3).getString();
    e.state = state;
    e.attempts = q.getColumn(4).getInt();
    e.createdAt = q.getColumn(5).getInt64();
    e.nextAttemptAt = q.getColumn(6).getInt64();
    e.finishedAt = q.getColumn(7).getInt64();
    e.lastError = q.getColumn(8).getString();
    e.leasedBy = q.getColumn(9).getString();
    e.leaseUntil = q.getColumn(10).getInt64();
    out.push_back(std::move(e));
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("listing events: ") + e.what());
}

Result<int> EventStore::retryNow(const std::vector<int64_t>& ids, int64_t nowMs) {
  int changed = 0;
  const Status written = db_.write([&](sql::Connection& db) {
    sql::Statement q(db,
                     "UPDATE events SET next_attempt_at = ? WHERE state = 'queued' AND "
                     "next_attempt_at > ?" +
                         (ids.empty() ? std::string() : " AND id IN " + placeholders(ids.size())));
    q.bind(1, nowMs);
    q.bind(2, nowMs);
    bindIds(q, 3, ids);
    changed = q.exec();
    if (changed > 0 && !nodeName_.empty()) {
      notifyQueued(db);
    }
  });
  if (!written.ok()) {
    return written;
  }
  if (changed > 0 && onQueued_) {
    onQueued_({});
  }
  return changed;
}

Result<int> EventStore::requeueDead(const std::vector<int64_t>& ids, int64_t nowMs) {
  int changed = 0;
  const Status written = db_.write([&](sql::Connection& db) {
    sql::Statement q(db,
                     "UPDATE events SET state = 'queued', attempts = 0, next_attempt_at = ?, "
                     "finished_at = NULL, last_error = 'requeued by an administrator' "
                     "WHERE state = 'dead'" +
                         (ids.empty() ? std::string() : " AND id IN " + placeholders(ids.size())));
    q.bind(1, nowMs);
    bindIds(q, 2, ids);
    changed = q.exec();
    if (changed > 0 && !nodeName_.empty()) {
      notifyQueued(db);
    }
  });
  if (!written.ok()) {
    return written;
  }
  if (changed > 0 && onQueued_) {
    onQueued_({});
  }
  return changed;
}

}  // namespace enp
