#include "enp/store/decision_store.h"

#include "enp/store/sql/connection.h"
#include "enp/store/sql/statement.h"

namespace enp {

Status DecisionStore::record(const DecisionRecord& d) {
  if (Status s = db_.write([&](sql::Connection&) { writeIn(d); }); !s.ok()) {
    return Status::store("recording a decision: " + s.message());
  }
  return Status();
}

void DecisionStore::writeIn(const DecisionRecord& d) {
  sql::Statement& q = db_.cached(
      "INSERT INTO decisions(registration_id, item_id, decided_at, outcome, rule, reason, "
      "local_time, zone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, d.registrationId);
  q.bind(2, d.itemId);
  q.bind(3, d.decidedAt);
  q.bind(4, toString(d.outcome));
  q.bind(5, d.rule);
  q.bind(6, d.reason);
  q.bind(7, d.localTime);
  q.bind(8, d.zone);
  q.exec();
  sql::Statement& prune = db_.cached(
      "DELETE FROM decisions WHERE registration_id = ?1 AND id <= "
      "(SELECT id FROM decisions WHERE registration_id = ?1 "
      "ORDER BY id DESC LIMIT 1 OFFSET ?2)");
  prune.bind(1, d.registrationId);
  prune.bind(2, keep_);
  prune.exec();
}

Result<std::vector<DecisionRecord>> DecisionStore::recent(const std::string& registrationId,
                                                          int limit) try {
  auto g = db_.reader();
  sql::Statement q(g.db,
                   "SELECT registration_id, item_id, decided_at, outcome, rule, reason, "
                   "local_time, zone FROM decisions WHERE registration_id = ? "
                   "ORDER BY id DESC LIMIT ?");
  q.bind(1, registrationId);
  q.bind(2, limit);
  std::vector<DecisionRecord> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                   q.getColumn(2).getInt64(),
                   parseEventState(q.getColumn(3).getString()).value_or(EventState::kDropped),
                   q.getColumn(4).getString(), q.getColumn(5).getString(),
                   q.getColumn(6).getString(), q.getColumn(7).getString()});
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("reading decisions: ") + e.what());
}

}  // namespace enp
