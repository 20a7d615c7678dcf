#include "enp/store/key_usage_store.h"

#include "enp/store/sql/statement.h"

namespace enp {

Status KeyUsageStore::created(const std::string& label, int64_t nowMs) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "INSERT INTO registration_key_usage(label, created_at, last_used_at) "
                   "VALUES (?1, ?2, NULL) ON CONFLICT(label) DO UPDATE SET created_at = ?2, "
                   "last_used_at = NULL");
  q.bind(1, label);
  q.bind(2, nowMs);
  q.exec();
  return Status();
} catch (const std::exception& e) {
  return Status::store("recording registration key '" + label + "': " + e.what());
}

Status KeyUsageStore::used(const std::string& label, int64_t nowMs) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "INSERT INTO registration_key_usage(label, last_used_at) VALUES (?1, ?2) "
                   "ON CONFLICT(label) DO UPDATE SET last_used_at = ?2");
  q.bind(1, label);
  q.bind(2, nowMs);
  q.exec();
  return Status();
} catch (const std::exception& e) {
  return Status::store("recording the use of registration key '" + label + "': " + e.what());
}

Status KeyUsageStore::forget(const std::string& label) try {
  auto g = db_.writer();
  sql::Statement q(g.db, "DELETE FROM registration_key_usage WHERE label = ?");
  q.bind(1, label);
  q.exec();
  return Status();
} catch (const std::exception& e) {
  return Status::store("forgetting registration key '" + label + "': " + e.what());
}

Result<std::map<std::string, KeyUsage>> KeyUsageStore::all() try {
  auto g = db_.reader();
  sql::Statement q(g.db, "SELECT label, created_at, last_used_at FROM registration_key_usage");
  std::map<std::string, KeyUsage> out;
  while (q.executeStep()) {
    KeyUsage u;
    if (!q.getColumn(1).isNull()) {
      u.createdAt = q.getColumn(1).getInt64();
    }
    if (!q.getColumn(2).isNull()) {
      u.lastUsedAt = q.getColumn(2).getInt64();
    }
    out[q.getColumn(0).getString()] = u;
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("reading registration key usage: ") + e.what());
}

}  // namespace enp
