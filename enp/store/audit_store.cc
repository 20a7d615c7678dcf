#include "enp/store/audit_store.h"

#include "enp/common/log_text.h"
#include "enp/store/sql/statement.h"

namespace enp {

Status AuditStore::record(const AuditEntry& e) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "INSERT INTO audit(at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)");
  q.bind(1, e.at);
  q.bind(2, forLog(e.actor, kMaxTextBytes));
  q.bind(3, forLog(e.action, kMaxTextBytes));
  q.bind(4, forLog(e.target, kMaxTextBytes));
  std::string details = e.details.empty() ? "{}" : e.details;
  if (details.size() > kMaxDetailsBytes) {
    details = "{\"omitted\":\"" + std::to_string(details.size()) + " bytes of details\"}";
  }
  q.bind(5, details);
  q.exec();
  return Status();
} catch (const std::exception& ex) {
  return Status::store(std::string("writing the audit log: ") + ex.what());
}

Result<std::vector<AuditEntry>> AuditStore::recent(int limit, const std::string& actionPrefix) try {
  auto g = db_.reader();
  sql::Statement q(g.db,
                   "SELECT id, at, actor, action, target, details FROM audit "
                   "WHERE substr(action, 1, length(?1)) = ?1 ORDER BY id DESC LIMIT ?2");
  q.bind(1, actionPrefix);
  q.bind(2, limit);
  std::vector<AuditEntry> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getString(),
                   q.getColumn(5).getString()});
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("reading the audit log: ") + e.what());
}

}  // namespace enp
