#include "enp/store/alert_store.h"

#include "enp/store/sql/statement.h"

namespace enp {
namespace {

constexpr const char* kColumns =
    "id, key, severity, title, summary, advice, first_seen_at, last_seen_at, count, state, "
    "resolved_at, mailed_at, resolved_mailed";

Alert readRow(sql::Statement& q) {
  Alert a;
  a.id = q.getColumn(0).getInt64();
  a.key = q.getColumn(1).getString();
  a.severity = parseSeverity(q.getColumn(2).getString()).value_or(Severity::kCritical);
  a.title = q.getColumn(3).getString();
  a.summary = q.getColumn(4).getString();
  a.advice = q.getColumn(5).getString();
  a.firstSeenAt = q.getColumn(6).getInt64();
  a.lastSeenAt = q.getColumn(7).getInt64();
  a.count = q.getColumn(8).getInt64();
  a.state = parseAlertState(q.getColumn(9).getString()).value_or(AlertState::kResolved);
  a.resolvedAt = q.getColumn(10).getInt64();
  a.mailedAt = q.getColumn(11).getInt64();
  a.resolvedMailed = q.getColumn(12).getInt() != 0;
  return a;
}

std::vector<Alert> readAll(sql::Statement& q) {
  std::vector<Alert> out;
  while (q.executeStep()) {
    out.push_back(readRow(q));
  }
  return out;
}

}  // namespace

const char* toString(AlertState state) {
  return state == AlertState::kFiring ? "firing" : "resolved";
}

std::optional<AlertState> parseAlertState(std::string_view text) {
  if (text == "firing") {
    return AlertState::kFiring;
  }
  if (text == "resolved") {
    return AlertState::kResolved;
  }
  return std::nullopt;
}

Result<int64_t> AlertStore::save(const Alert& a) {
  int64_t id = a.id;
  const Status written = db_.write([&](sql::Connection&) {
    sql::Statement& q =
        a.id == 0 ? db_.cached(
                        "INSERT INTO alerts(key, severity, title, summary, advice, "
                        "first_seen_at, last_seen_at, count, state, resolved_at, mailed_at, "
                        "resolved_mailed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                        "?11, ?12) ON CONFLICT(key) WHERE state = 'firing' DO UPDATE SET "
                        "severity = excluded.severity, title = excluded.title, "
                        "summary = excluded.summary, advice = excluded.advice, "
                        "last_seen_at = CASE WHEN excluded.last_seen_at > alerts.last_seen_at "
                        "THEN excluded.last_seen_at ELSE alerts.last_seen_at END, "
                        "count = alerts.count + excluded.count RETURNING id")
                  : db_.cached(
                        "UPDATE alerts SET key = ?1, severity = ?2, title = ?3, "
                        "summary = ?4, advice = ?5, first_seen_at = ?6, last_seen_at = ?7, "
                        "count = ?8, state = ?9, resolved_at = ?10, mailed_at = ?11, "
                        "resolved_mailed = ?12 WHERE id = ?13");
    q.bind(1, a.key);
    q.bind(2, toString(a.severity));
    q.bind(3, a.title);
    q.bind(4, a.summary);
    q.bind(5, a.advice);
    q.bind(6, a.firstSeenAt);
    q.bind(7, a.lastSeenAt);
    q.bind(8, a.count);
    q.bind(9, toString(a.state));
    q.bind(10, a.resolvedAt);
    q.bind(11, a.mailedAt);
    q.bind(12, a.resolvedMailed ? 1 : 0);
    if (a.id != 0) {
      q.bind(13, a.id);
    }
    if (a.id == 0) {
      q.executeStep();  // the row is inserted at the first step
      id = q.getColumn(0).getInt64();
      q.reset();
    } else {
      q.exec();
    }
  });
  if (!written.ok()) {
    return Status::store("saving alert " + a.key + ": " + written.message());
  }
  return id;
}

Result<std::vector<Alert>> AlertStore::open() try {
  auto g = db_.reader();
  sql::Statement q(g.db, std::string("SELECT ") + kColumns +
                             " FROM alerts WHERE state = 'firing' OR resolved_mailed = 0 "
                             "ORDER BY id");
  return readAll(q);
} catch (const std::exception& e) {
  return Status::store(std::string("reading alerts: ") + e.what());
}

Result<std::vector<Alert>> AlertStore::history(int limit, int64_t beforeId) try {
  auto g = db_.reader();
  sql::Statement q(g.db, std::string("SELECT ") + kColumns +
                             " FROM alerts WHERE ?1 <= 0 OR id < ?1 ORDER BY id DESC "
                             "LIMIT ?2");
  q.bind(1, beforeId);
  q.bind(2, limit);
  return readAll(q);
} catch (const std::exception& e) {
  return Status::store(std::string("reading the alert history: ") + e.what());
}

Result<int> AlertStore::prune(int64_t beforeMs) {
  int deleted = 0;
  const Status written = db_.write([&](sql::Connection&) {
    sql::Statement& q = db_.cached(
        "DELETE FROM alerts WHERE state = 'resolved' AND resolved_mailed = 1 AND "
        "resolved_at < ?");
    q.bind(1, beforeMs);
    deleted = q.exec();
  });
  if (!written.ok()) {
    return Status::store("pruning alerts: " + written.message());
  }
  return deleted;
}

}  // namespace enp
