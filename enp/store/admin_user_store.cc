#include "enp/store/admin_user_store.h"

#include "enp/store/sql/statement.h"

namespace enp {
namespace {

constexpr const char* kColumns =
    "id, name, password_hash, must_change, created_at, updated_at, role, disabled, totp_secret, "
    "totp_enabled, totp_last_step";

AdminUser readRow(sql::Statement& q) {
  AdminUser u;
  u.id = q.getColumn(0).getInt64();
  u.name = q.getColumn(1).getString();
  u.passwordHash = q.getColumn(2).getString();
  u.mustChange = q.getColumn(3).getInt() != 0;
  u.createdAt = q.getColumn(4).getInt64();
  u.updatedAt = q.getColumn(5).getInt64();
  // A role this version does not know gets the least rights.
  u.role = parseRole(q.getColumn(6).getString()).value_or(AdminRole::kHelpdesk);
  u.disabled = q.getColumn(7).getInt() != 0;
  u.totpSealed = q.getColumn(8).getString();
  u.totpEnabled = q.getColumn(9).getInt() != 0;
  u.totpLastStep = q.getColumn(10).getInt64();
  return u;
}

// True when another enabled admin than `name` exists (run on the writer, under its guard).
constexpr const char* kOtherAdmin =
    "EXISTS (SELECT 1 FROM admin_users WHERE role = 'admin' AND disabled = 0 AND name != ?1)";

}  // namespace

Result<int64_t> AdminUserStore::count() try {
  auto g = db_.reader();
  return sql::queryInt64(g.db, "SELECT COUNT(*) FROM admin_users");
} catch (const std::exception& e) {
  return Status::store(std::string("counting console users: ") + e.what());
}

Result<AdminUser> AdminUserStore::find(const std::string& name) try {
  auto g = db_.reader();
  sql::Statement q(g.db, std::string("SELECT ") + kColumns + " FROM admin_users WHERE name = ?");
  q.bind(1, name);
  if (!q.executeStep()) {
    return Status::notFound("no console user of this name");
  }
  return readRow(q);
} catch (const std::exception& e) {
  return Status::store(std::string("reading a console user: ") + e.what());
}

Result<std::vector<AdminUser>> AdminUserStore::list() try {
  auto g = db_.reader();
  sql::Statement q(g.db, std::string("SELECT ") + kColumns + " FROM admin_users ORDER BY name");
  std::vector<AdminUser> out;
  while (q.executeStep()) {
    out.push_back(readRow(q));
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("listing console users: ") + e.what());
}

Status AdminUserStore::upsert(const std::string& name, const std::string& passwordHash,
                              bool mustChange, int64_t nowMs) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
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

Status AdminUserStore::create(const std::string& name, const std::string& passwordHash,
                              AdminRole role, bool mustChange, int64_t nowMs) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "INSERT INTO admin_users(name, password_hash, must_change, created_at, "
                   "updated_at, role) VALUES (?1, ?2, ?3, ?4, ?4, ?5) ON CONFLICT(name) DO "
                   "NOTHING");
  q.bind(1, name);
  q.bind(2, passwordHash);
  q.bind(3, mustChange ? 1 : 0);
  q.bind(4, nowMs);
  q.bind(5, roleName(role));
  if (q.exec() != 1) {
    return Status::conflict("name: a console user of this name exists");
  }
  return Status();
} catch (const std::exception& e) {
  return Status::store(std::string("creating a console user: ") + e.what());
}

// Why a guarded change touched no row: no such user, or it would have left no enabled admin.
static Status whyUnchanged(sql::Connection& db, const std::string& name,
                           const std::string& refusal) {
  sql::Statement exists(db, "SELECT 1 FROM admin_users WHERE name = ?");
  exists.bind(1, name);
  if (!exists.executeStep()) {
    return Status::notFound("no console user of this name");
  }
  return Status::conflict(refusal +
                          ": it is the last enabled admin (make another user admin "
                          "first)");
}

Status AdminUserStore::setRole(const std::string& name, AdminRole role, int64_t nowMs) try {
  auto g = db_.writer();
  sql::Statement q(g.db, std::string("UPDATE admin_users SET role = ?2, updated_at = ?3 WHERE "
                                     "name = ?1 AND (?2 = 'admin' OR role != 'admin' OR "
                                     "disabled = 1 OR ") +
                             kOtherAdmin + ")");
  q.bind(1, name);
  q.bind(2, roleName(role));
  q.bind(3, nowMs);
  return q.exec() == 1 ? Status() : whyUnchanged(g.db, name, "role: cannot be changed");
} catch (const std::exception& e) {
  return Status::store(std::string("changing a console user's role: ") + e.what());
}

Status AdminUserStore::setDisabled(const std::string& name, bool disabled, int64_t nowMs) try {
  auto g = db_.writer();
  sql::Statement q(g.db, std::string("UPDATE admin_users SET disabled = ?2, updated_at = ?3 "
                                     "WHERE name = ?1 AND (?2 = 0 OR role != 'admin' OR "
                                     "disabled = 1 OR ") +
                             kOtherAdmin + ")");
  q.bind(1, name);
  q.bind(2, disabled ? 1 : 0);
  q.bind(3, nowMs);
  return q.exec() == 1 ? Status() : whyUnchanged(g.db, name, "disabled: cannot be disabled");
} catch (const std::exception& e) {
  return Status::store(std::string("disabling a console user: ") + e.what());
}

Status AdminUserStore::remove(const std::string& name) try {
  auto g = db_.writer();
  sql::Statement q(g.db, std::string("DELETE FROM admin_users WHERE name = ?1 AND (role != "
                                     "'admin' OR disabled = 1 OR ") +
                             kOtherAdmin + ")");
  q.bind(1, name);
  return q.exec() == 1 ? Status() : whyUnchanged(g.db, name, "user: cannot be removed");
} catch (const std::exception& e) {
  return Status::store(std::string("removing a console user: ") + e.what());
}

Status AdminUserStore::setTotpPending(const std::string& name, const std::string& sealedSecret,
                                      int64_t nowMs) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "UPDATE admin_users SET totp_secret = ?, totp_enabled = 0, totp_last_step "
                   "= 0, updated_at = ? WHERE name = ?");
  q.bind(1, sealedSecret);
  q.bind(2, nowMs);
  q.bind(3, name);
  return q.exec() == 1 ? Status() : Status::notFound("no console user of this name");
} catch (const std::exception& e) {
  return Status::store(std::string("saving a second factor: ") + e.what());
}

Status AdminUserStore::enableTotp(const std::string& name, int64_t step, int64_t nowMs) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "UPDATE admin_users SET totp_enabled = 1, totp_last_step = ?, updated_at = "
                   "? WHERE name = ? AND totp_secret != ''");
  q.bind(1, step);
  q.bind(2, nowMs);
  q.bind(3, name);
  return q.exec() == 1 ? Status() : Status::notFound("no second factor is being set up");
} catch (const std::exception& e) {
  return Status::store(std::string("saving a second factor: ") + e.what());
}

Status AdminUserStore::clearTotp(const std::string& name, int64_t nowMs) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "UPDATE admin_users SET totp_secret = '', totp_enabled = 0, totp_last_step "
                   "= 0, updated_at = ? WHERE name = ?");
  q.bind(1, nowMs);
  q.bind(2, name);
  return q.exec() == 1 ? Status() : Status::notFound("no console user of this name");
} catch (const std::exception& e) {
  return Status::store(std::string("removing a second factor: ") + e.what());
}

Result<bool> AdminUserStore::useTotpStep(const std::string& name, int64_t step) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "UPDATE admin_users SET totp_last_step = ? WHERE name = ? AND "
                   "totp_last_step < ?");
  q.bind(1, step);
  q.bind(2, name);
  q.bind(3, step);
  return q.exec() == 1;
} catch (const std::exception& e) {
  return Status::store(std::string("recording a one-time code: ") + e.what());
}

}  // namespace enp
