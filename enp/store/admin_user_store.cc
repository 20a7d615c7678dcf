#include "enp/store/admin_user_store.h"

#include <SQLiteCpp/Statement.h>

namespace enp {

Result<int64_t> AdminUserStore::count() try {
  auto g = db_.reader();
  return g.db.execAndGet("SELECT COUNT(*) FROM admin_users").getInt64();
} catch (const std::exception& e) {
  return Status::store(std::string("counting console users: ") + e.what());
}

Result<AdminUser> AdminUserStore::find(const std::string& name) try {
  auto g = db_.reader();
  SQLite::Statement q(g.db,
                      "SELECT id, name, password_hash, must_change, created_at, updated_at "
                      "FROM admin_users WHERE name = ?");
  q.bind(1, name);
  if (!q.executeStep()) {
    return Status::notFound("no console user of this name");
  }
  return AdminUser{q.getColumn(0).getInt64(),  q.getColumn(1).getString(),
                   q.getColumn(2).getString(), q.getColumn(3).getInt() != 0,
                   q.getColumn(4).getInt64(),  q.getColumn(5).getInt64()};
} catch (const std::exception& e) {
  return Status::store(std::string("reading a console user: ") + e.what());
}

Status AdminUserStore::upsert(const std::string& name, const std::string& passwordHash,
                              bool mustChange, int64_t nowMs) try {
  auto g = db_.writer();
  SQLite::Statement q(g.db,
                      "INSERT INTO admin_users(name, password_hash, must_change, created_at, "
                      "updated_at) VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT(name) DO UPDATE SET "
                      "password_hash = excluded.password_hash, must_change = "
                      "excluded.must_change, updated_at = excluded.updated_at");
  q.bind(1, name);
  q.bind(2, passwordHash);
  q.bind(3, mustChange ? 1 : 0);
  q.bind(4, nowMs);
  q.exec();
  return Status();
} catch (const std::exception& e) {
  return Status::store(std::string("saving a console user: ") + e.what());
}

}  // namespace enp
