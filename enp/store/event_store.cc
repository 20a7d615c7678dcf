#include "enp/store/event_store.h"

#include <algorithm>

#include "enp/common/log.h"
#include "enp/store/sql/connection.h"
#include "enp/store/sql/statement.h"

namespace enp {
namespace {

// The rows of a read of queued events (id, registration_id, item_id, folder_id, attempts,
// event_time), up to `limit` of them, passing over the ids in `exclude` (sorted): the statement
// reads up to `limit` + their number. Then the statement is reset: that ends the read
// transaction, so checkpoints are not held back.
std::vector<QueuedEvent> queuedRows(sql::Statement& q, int limit,
                                    const std::vector<int64_t>& exclude) {
  std::vector<QueuedEvent> out;
  while (static_cast<int>(out.size()) < limit && q.executeStep()) {
    const int64_t id = q.getColumn(0).getInt64();
    if (std::binary_search(exclude.begin(), exclude.end(), id)) {
      continue;
    }
    out.push_back({id, q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getInt(), q.getColumn(5).getInt64()});
  }
  q.reset();
  return out;
}

constexpr int64_t kSeenResolutionMs = 1000;

}  // namespace

Status EventStore::persist(std::vector<NotifyWrite*> writes) {
  return afterPersist(db_.write([&](sql::Connection& db) { insertIn(db, writes); }), writes);
}

void EventStore::persistAsync(std::shared_ptr<std::vector<NotifyWrite>> writes,
                              std::function<void(Status, const std::vector<NotifyWrite>&)> done) {
  std::vector<NotifyWrite*> each;
  for (NotifyWrite& w : *writes) {
    each.push_back(&w);
  }
  db_.writeAsync([this, writes, each](sql::Connection& db) { insertIn(db, each); },
                 [this, writes, each, done = std::move(done)](Status written) {
                   done(afterPersist(written, each), *writes);
                 },
                 Database::Work::kRepeatable);
}

void EventStore::insertIn(sql::Connection& db, const std::vector<NotifyWrite*>& writes) {
  sql::Statement& ins = db_.cached(
      "INSERT INTO events(registration_id, item_id, folder_id, subscription_id, watermark, "
      "event_time, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  for (NotifyWrite* w : writes) {
    w->inserted = 0;
    for (const auto& item : w->items) {
      ins.bind(1, w->registrationId);
      ins.bind(2, item.itemId);
      ins.bind(3, item.folderId);
      ins.bind(4, item.subscriptionId);
      ins.bind(5, item.watermark);
      ins.bind(6, item.eventTime);
      ins.bind(7, w->nowMs);
      ins.bind(8, w->nowMs);
      w->inserted += ins.exec();
      ins.reset();
    }
  }
  if (!nodeName_.empty() &&
      std::any_of(writes.begin(), writes.end(), [](NotifyWrite* w) { return w->inserted > 0; })) {
    notifyQueued(db);
  }
  sql::Statement& seen = db_.cached(
      "UPDATE registrations SET last_seen_at = ?, "
      "last_subscription_id = COALESCE(NULLIF(?, ''), last_subscription_id), "
      "last_watermark = COALESCE(NULLIF(?, ''), last_watermark) WHERE id = ?");
  for (NotifyWrite* w : writes) {
    // "Last seen" is shown to the second: written at most once a second per
    // registration (and at once for a new subscription), not on every callback.
    if (!w->writesSeen) {
      Seen& last = seenWritten_[w->registrationId];
      w->writesSeen = w->nowMs - last.atMs >= kSeenResolutionMs ||
                      (!w->subscriptionId.empty() && w->subscriptionId != last.subscriptionId);
      if (*w->writesSeen) {
        last = {w->nowMs, w->subscriptionId};
      }
    }
    if (!*w->writesSeen) {
      continue;
    }
    seen.bind(1, w->nowMs);
    seen.bind(2, w->subscriptionId);
    seen.bind(3, w->watermark);
    seen.bind(4, w->registrationId);
    seen.exec();
    seen.reset();
  }
}

Status EventStore::afterPersist(const Status& written, const std::vector<NotifyWrite*>& writes) {
  if (!written.ok()) {
    log::get(log::Id::kStore)
        .error("persisting {} notification(s) failed: {}", writes.size(), written.message());
    return Status::store("persisting " + std::to_string(writes.size()) +
                         " notification(s): " + written.message());
  }
  std::vector<std::string> registrations;
  for (NotifyWrite* w : writes) {
    if (w->inserted > 0 && std::find(registrations.begin(), registrations.end(),
                                     w->registrationId) == registrations.end()) {
      registrations.push_back(w->registrationId);
    }
  }
  if (!registrations.empty() && onQueued_) {
    onQueued_(registrations);
  }
  return Status();
}

Result<std::vector<QueuedEvent>> EventStore::due(int64_t nowMs, int limit,
                                                 const std::vector<int64_t>& exclude) try {
  auto g = db_.reader();
  sql::Statement& q = db_.cachedRead(
      "SELECT id, registration_id, item_id, folder_id, attempts, event_time "
      "FROM events WHERE state = 'queued' AND next_attempt_at <= ? "
      "ORDER BY next_attempt_at, id LIMIT ?");
  q.bind(1, nowMs);
  q.bind(2, limit + static_cast<int>(exclude.size()));
  return queuedRows(q, limit, exclude);
} catch (const std::exception& e) {
  return Status::store(std::string("reading the queue: ") + e.what());
}

Result<std::vector<QueuedEvent>> EventStore::dueOf(const std::string& registrationId, int64_t nowMs,
                                                   int limit,
                                                   const std::vector<int64_t>& exclude) try {
  auto g = db_.reader();
  sql::Statement& q = db_.cachedRead(
      "SELECT id, registration_id, item_id, folder_id, attempts, event_time FROM events "
      "WHERE registration_id = ? AND state = 'queued' AND next_attempt_at <= ? "
      "ORDER BY next_attempt_at, id LIMIT ?");
  q.bind(1, registrationId);
  q.bind(2, nowMs);
  q.bind(3, limit + static_cast<int>(exclude.size()));
  return queuedRows(q, limit, exclude);
} catch (const std::exception& e) {
  return Status::store(std::string("reading the queue: ") + e.what());
}

Result<std::vector<QueuedEvent>> EventStore::dueAfterId(int64_t nowMs, int64_t afterId, int limit,
                                                        const std::vector<int64_t>& exclude) try {
  auto g = db_.reader();
  sql::Statement& q = db_.cachedRead(
      "SELECT id, registration_id, item_id, folder_id, attempts, event_time "
      "FROM events WHERE id > ? AND state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?");
  q.bind(1, afterId);
  q.bind(2, nowMs);
  q.bind(3, limit + static_cast<int>(exclude.size()));
  return queuedRows(q, limit, exclude);
} catch (const std::exception& e) {
  return Status::store(std::string("reading the queue: ") + e.what());
}

Result<std::optional<int64_t>> EventStore::nextDueAfter(int64_t afterMs) try {
  auto g = db_.reader();
  sql::Statement& q = db_.cachedRead(
      "SELECT MIN(next_attempt_at) FROM events WHERE state = 'queued' AND next_attempt_at > ?");
  q.bind(1, afterMs);
  std::optional<int64_t> next;
  if (q.executeStep() && !q.getColumn(0).isNull()) {
    next = q.getColumn(0).getInt64();
  }
  q.reset();  // ends the read transaction
  return next;
} catch (const std::exception& e) {
  return Status::store(std::string("reading the queue: ") + e.what());
}

Status EventStore::settle(const std::vector<Settlement>& settlements,
                          const std::function<void(size_t)>& alongside) {
  if (settlements.empty()) {
    return Status();
  }
  return settled(db_.write([&](sql::Connection&) { settleIn(settlements, alongside); }),
                 settlements);
}

void EventStore::settleAsync(std::vector<Settlement> settlements,
                             std::function<void(size_t)> alongside,
                             std::function<void(Status)> done) {
  if (settlements.empty()) {
    done(Status());
    return;
  }
  auto owned = std::make_shared<const std::vector<Settlement>>(std::move(settlements));
  db_.writeAsync(
      [this, owned, alongside = std::move(alongside)](sql::Connection&) {
        settleIn(*owned, alongside);
      },
      [owned, done = std::move(done)](Status written) { done(settled(written, *owned)); },
      Database::Work::kRepeatable);
}

void EventStore::settleIn(const std::vector<Settlement>& settlements,
                          const std::function<void(size_t)>& alongside) {
  for (size_t i = 0; i < settlements.size(); ++i) {
    const Settlement& s = settlements[i];
    // A shared queue's settlement also ends the node's lease of the event, in the same
    // statement; alone, a node holds its events in memory (nothing to clear).
    const bool shared = !nodeName_.empty();
    if (s.state == EventState::kQueued) {
      sql::Statement& q =
          shared ? db_.cached(
                       "UPDATE events SET next_attempt_at = ?, last_error = ?, attempts = ?, "
                       "leased_by = NULL, lease_until = NULL WHERE id = ? AND state = 'queued'")
                 : db_.cached(
                       "UPDATE events SET next_attempt_at = ?, last_error = ?, attempts = ? "
                       "WHERE id = ? AND state = 'queued'");
      q.bind(1, s.atMs);
      q.bind(2, s.error);
      q.bind(3, s.attempts);
      q.bind(4, s.id);
      q.exec();
    } else {
      sql::Statement& q =
          shared ? db_.cached(
                       "UPDATE events SET state = ?, last_error = ?, attempts = ?, "
                       "finished_at = ?, leased_by = NULL, lease_until = NULL WHERE id = ?")
                 : db_.cached(
                       "UPDATE events SET state = ?, last_error = ?, attempts = ?, "
                       "finished_at = ? WHERE id = ?");
      q.bind(1, toString(s.state));
      q.bind(2, s.error);
      q.bind(3, s.attempts);
      q.bind(4, s.atMs);
      q.bind(5, s.id);
      q.exec();
    }
    if (alongside) {
      alongside(i);
    }
  }
}

Status EventStore::settled(const Status& written, const std::vector<Settlement>& settlements) {
  if (!written.ok()) {
    return Status::store("settling " + std::to_string(settlements.size()) +
                         " event(s), the first " + std::to_string(settlements.front().id) + ": " +
                         written.message());
  }
  return Status();
}

Status EventStore::finish(int64_t id, EventState state, const std::string& error, int attempts,
                          int64_t nowMs) {
  return settle({{id, state, error, attempts, nowMs}});
}

Status EventStore::retryAt(int64_t id, int64_t atMs, const std::string& error, int attempts) {
  return settle({{id, EventState::kQueued, error, attempts, atMs}});
}

Result<int64_t> EventStore::queuedCount() { return countInState(EventState::kQueued); }

Result<int64_t> EventStore::countInState(EventState state) try {
  auto g = db_.reader();
  sql::Statement q(g.db, "SELECT COUNT(*) FROM events WHERE state = ?");
  q.bind(1, toString(state));
  q.executeStep();
  return q.getColumn(0).getInt64();
} catch (const std::exception& e) {
  return Status::store(std::string("counting events: ") + e.what());
}

Result<std::optional<int64_t>> EventStore::oldestQueuedAt() try {
  auto g = db_.reader();
  sql::Statement q(g.db, "SELECT MIN(created_at) FROM events WHERE state = 'queued'");
  q.executeStep();
  if (q.getColumn(0).isNull()) {
    return std::optional<int64_t>();
  }
  return std::optional<int64_t>(q.getColumn(0).getInt64());
} catch (const std::exception& e) {
  return Status::store(std::string("reading the oldest queued event: ") + e.what());
}

Result<int> EventStore::prune(int64_t beforeMs, int limit) {
  int deleted = 0;
  const Status written = db_.write([&](sql::Connection&) {
    sql::Statement& q = db_.cached(
        "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE state <> 'queued' "
        "AND finished_at < ? ORDER BY finished_at LIMIT ?)");
    q.bind(1, beforeMs);
    q.bind(2, limit);
    deleted = q.exec();
  });
  if (!written.ok()) {
    return Status::store("pruning finished events: " + written.message());
  }
  return deleted;
}

}  // namespace enp
