#include "enp/store/admin_session_store.h"

#include "enp/store/sql/statement.h"

namespace enp {

Status AdminSessionStore::run(const std::string& what,
                              const std::function<void(sql::Connection&)>& work) {
  const Status written = db_.write(work);
  if (!written.ok()) {
    return Status::store(what + ": " + written.message());
  }
  return Status();
}

Status AdminSessionStore::insert(const AdminSessionRow& row) {
  return run("saving a console session", [&](sql::Connection&) {
    sql::Statement& q = db_.cached(
        "INSERT INTO admin_sessions(id_hash, csrf_token, user_name, role, must_change, "
        "created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, row.idHash);
    q.bind(2, row.csrfToken);
    q.bind(3, row.user);
    q.bind(4, roleName(row.role));
    q.bind(5, row.mustChangePassword ? 1 : 0);
    q.bind(6, row.createdAt);
    q.bind(7, row.lastUsedAt);
    q.exec();
  });
}

Result<std::optional<AdminSessionRow>> AdminSessionStore::find(const std::string& idHash) try {
  auto g = db_.reader();
  sql::Statement& q = db_.cachedRead(
      "SELECT csrf_token, user_name, role, must_change, created_at, last_used_at "
      "FROM admin_sessions WHERE id_hash = ?");
  q.bind(1, idHash);
  std::optional<AdminSessionRow> out;
  if (q.executeStep()) {
    AdminSessionRow row;
    row.idHash = idHash;
    row.csrfToken = q.getColumn(0).getString();
    row.user = q.getColumn(1).getString();
    row.role = parseRole(q.getColumn(2).getString()).value_or(AdminRole::kHelpdesk);
    row.mustChangePassword = q.getColumn(3).getInt() != 0;
    row.createdAt = q.getColumn(4).getInt64();
    row.lastUsedAt = q.getColumn(5).getInt64();
    out = std::move(row);
  }
  q.reset();
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("reading a console session: ") + e.what());
}

Status AdminSessionStore::touch(const std::string& idHash, int64_t nowMs) {
  return run("noting a console session's use", [&](sql::Connection&) {
    sql::Statement& q = db_.cached("UPDATE admin_sessions SET last_used_at = ? WHERE id_hash = ?");
    q.bind(1, nowMs);
    q.bind(2, idHash);
    q.exec();
  });
}

Status AdminSessionStore::remove(const std::string& idHash) {
  return run("ending a console session", [&](sql::Connection&) {
    sql::Statement& q = db_.cached("DELETE FROM admin_sessions WHERE id_hash = ?");
    q.bind(1, idHash);
    q.exec();
  });
}

Status AdminSessionStore::removeUser(const std::string& user, const std::string& keepHash) {
  return run("ending the console sessions of " + user, [&](sql::Connection&) {
    sql::Statement& q =
        db_.cached("DELETE FROM admin_sessions WHERE user_name = ? AND id_hash <> ?");
    q.bind(1, user);
    q.bind(2, keepHash);
    q.exec();
  });
}

Status AdminSessionStore::clearMustChange(const std::string& idHash) {
  return run("saving a console session", [&](sql::Connection&) {
    sql::Statement& q = db_.cached("UPDATE admin_sessions SET must_change = 0 WHERE id_hash = ?");
    q.bind(1, idHash);
    q.exec();
  });
}

Status AdminSessionStore::removeExpired(int64_t idleBefore, int64_t createdBefore) {
  return run("removing expired console sessions", [&](sql::Connection&) {
    sql::Statement& q =
        db_.cached("DELETE FROM admin_sessions WHERE last_used_at <= ? OR created_at <= ?");
    q.bind(1, idleBefore);
    q.bind(2, createdBefore);
    q.exec();
  });
}

Result<int64_t> AdminSessionStore::count() try {
  auto g = db_.reader();
  return sql::queryInt64(g.db, "SELECT COUNT(*) FROM admin_sessions");
} catch (const std::exception& e) {
  return Status::store(std::string("counting console sessions: ") + e.what());
}

}  // namespace enp
