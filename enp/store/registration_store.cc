#include "enp/store/registration_store.h"

#include "enp/store/sql/connection.h"
#include "enp/store/sql/statement.h"

namespace enp {

const char* toString(WorkHoursFrom from) {
  return from == WorkHoursFrom::kMailbox ? "mailbox" : "registration";
}

std::optional<WorkHoursFrom> parseWorkHoursFrom(const std::string& text) {
  if (text == "registration") {
    return WorkHoursFrom::kRegistration;
  }
  if (text == "mailbox") {
    return WorkHoursFrom::kMailbox;
  }
  return std::nullopt;
}

namespace {

constexpr const char* kColumns =
    "id, mailbox, device_token, platform, policy, key_label, created_at, updated_at, revoked_at, "
    "last_seen_at, last_subscription_id, last_watermark, work_hours_from";

Registration readRow(sql::Statement& q) {
  Registration r;
  r.id = q.getColumn(0).getString();
  r.mailbox = q.getColumn(1).getString();
  r.deviceToken = q.getColumn(2).getString();
  r.platform = q.getColumn(3).getString();
  r.policyJson = q.getColumn(4).getString();
  r.keyLabel = q.getColumn(5).getString();
  r.createdAt = q.getColumn(6).getInt64();
  r.updatedAt = q.getColumn(7).getInt64();
  if (!q.getColumn(8).isNull()) {
    r.revokedAt = q.getColumn(8).getInt64();
  }
  if (!q.getColumn(9).isNull()) {
    r.lastSeenAt = q.getColumn(9).getInt64();
  }
  r.lastSubscriptionId = q.getColumn(10).getString();
  r.lastWatermark = q.getColumn(11).getString();
  r.workHoursFrom =
      parseWorkHoursFrom(q.getColumn(12).getString()).value_or(WorkHoursFrom::kRegistration);
  return r;
}

/// sql: a literal "SELECT <kColumns> ... WHERE <column> = ?" (cached by address). Throws
/// the database's exceptions.
std::optional<Registration> findOne(Database& db, const char* sql, const std::string& value) {
  auto g = db.reader();
  sql::Statement& q = db.cachedRead(sql);
  q.bind(1, value);
  std::optional<Registration> r;
  if (q.executeStep()) {
    r = readRow(q);
  }
  q.reset();  // ends the read transaction
  return r;
}

// kColumns, spelled out: cached statements are keyed by the literal's address.
constexpr const char* kById =
    "SELECT id, mailbox, device_token, platform, policy, key_label, created_at, updated_at, "
    "revoked_at, last_seen_at, last_subscription_id, last_watermark, work_hours_from "
    "FROM registrations "
    "WHERE id = ?";
constexpr const char* kByCallbackHash =
    "SELECT id, mailbox, device_token, platform, policy, key_label, created_at, updated_at, "
    "revoked_at, last_seen_at, last_subscription_id, last_watermark, work_hours_from "
    "FROM registrations "
    "WHERE callback_hash = ?";

}  // namespace

Status RegistrationStore::create(const Registration& r, const std::string& callbackHash,
                                 const std::string& secretHash,
                                 const std::function<void(sql::Connection&)>& alsoWrite) try {
  auto g = db_.writer();
  sql::Transaction tx(g.db);
  sql::Statement q(g.db,
                   "INSERT INTO registrations(id, mailbox, device_token, platform, policy, "
                   "callback_hash, secret_hash, key_label, created_at, updated_at, "
                   "work_hours_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, r.id);
  q.bind(2, r.mailbox);
  q.bind(3, r.deviceToken);
  q.bind(4, r.platform);
  q.bind(5, r.policyJson);
  q.bind(6, callbackHash);
  q.bind(7, secretHash);
  q.bind(8, r.keyLabel);
  q.bind(9, r.createdAt);
  q.bind(10, r.createdAt);
  q.bind(11, toString(r.workHoursFrom));
  q.exec();
  if (alsoWrite) {
    alsoWrite(g.db);
  }
  tx.commit();
  return Status();
} catch (const std::exception& e) {
  return Status::store(std::string("storing a registration: ") + e.what());
}

Result<Registration> RegistrationStore::findById(const std::string& id) try {
  std::optional<Registration> r = findOne(db_, kById, id);
  if (!r) {
    return Status::notFound("no registration " + id);
  }
  return std::move(*r);
} catch (const std::exception& e) {
  return Status::store("reading registration " + id + ": " + e.what());
}

Result<Registration> RegistrationStore::findByCallbackHash(const std::string& hash) try {
  std::optional<Registration> r = findOne(db_, kByCallbackHash, hash);
  if (!r) {
    return Status::notFound("no registration with this callback token");
  }
  return std::move(*r);
} catch (const std::exception& e) {
  return Status::store(std::string("reading a registration by its callback token: ") + e.what());
}

Result<std::string> RegistrationStore::activeIdByCallbackHash(const std::string& hash) {
  uint64_t revocations = 0;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    auto it = activeIds_.find(hash);
    if (it != activeIds_.end()) {
      // On SQLite every revoke goes through this object; on PostgreSQL another node may revoke,
      // so what is remembered is asked again after a second.
      if (db_.dialect() == sql::Dialect::kSqlite || now - it->second.at < kSharedCacheFor) {
        return it->second.id;
      }
      activeIds_.erase(it);
    }
    revocations = revocations_;
  }
  Result<Registration> r = findByCallbackHash(hash);
  if (!r.ok()) {
    return r.error();  // unknown tokens are not remembered: they cost no memory
  }
  if (r->revokedAt) {
    return Status::notFound("the registration of this callback token was revoked");
  }
  std::lock_guard<std::mutex> lock(cacheMutex_);
  if (revocations == revocations_) {
    activeIds_.insert_or_assign(hash, CachedId{r->id, now});
  }
  return r->id;
}

Result<std::string> RegistrationStore::secretHash(const std::string& id) try {
  auto g = db_.reader();
  sql::Statement q(g.db, "SELECT secret_hash FROM registrations WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) {
    return Status::notFound("no registration " + id);
  }
  return q.getColumn(0).getString();
} catch (const std::exception& e) {
  return Status::store("reading registration " + id + ": " + e.what());
}

Status RegistrationStore::update(const Registration& changed, int64_t nowMs) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "UPDATE registrations SET device_token = ?, platform = ?, policy = ?, "
                   "work_hours_from = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL");
  q.bind(1, changed.deviceToken);
  q.bind(2, changed.platform);
  q.bind(3, changed.policyJson);
  q.bind(4, toString(changed.workHoursFrom));
  q.bind(5, nowMs);
  q.bind(6, changed.id);
  if (q.exec() != 1) {
    return Status::notFound("no active registration " + changed.id);
  }
  return Status();
} catch (const std::exception& e) {
  return Status::store("updating registration " + changed.id + ": " + e.what());
}

Status RegistrationStore::revoke(const std::string& id, int64_t nowMs) try {
  bool found = false;
  {
    auto g = db_.writer();
    sql::Transaction tx(g.db);
    sql::Statement q(g.db,
                     "UPDATE registrations SET revoked_at = COALESCE(revoked_at, ?), "
                     "updated_at = ? WHERE id = ?");
    q.bind(1, nowMs);
    q.bind(2, nowMs);
    q.bind(3, id);
    found = q.exec() == 1;
    // Pending pushes for a revoked device are not sent.
    sql::Statement drop(g.db,
                        "UPDATE events SET state = 'dropped', last_error = 'registration revoked', "
                        "finished_at = ? WHERE registration_id = ? AND state = 'queued'");
    drop.bind(1, nowMs);
    drop.bind(2, id);
    drop.exec();
    tx.commit();
  }
  std::lock_guard<std::mutex> lock(cacheMutex_);
  ++revocations_;
  std::erase_if(activeIds_, [&id](const auto& entry) { return entry.second.id == id; });
  if (!found) {
    return Status::notFound("no registration " + id);
  }
  return Status();
} catch (const std::exception& e) {
  return Status::store("revoking registration " + id + ": " + e.what());
}

Result<std::vector<Registration>> RegistrationStore::list(const std::string& filter,
                                                          int limit) try {
  auto g = db_.reader();
  // A mailbox substring; or a registration id, or a device token whole or by its first or last
  // characters (4 at least), as the help desk reads them off a device or the console.
  sql::Statement q(
      g.db, std::string("SELECT ") + kColumns +
                " FROM registrations WHERE instr(lower(mailbox), lower(?1)) > 0 "
                "OR id = ?1 OR (length(?1) >= 4 AND (substr(device_token, 1, "
                "length(?1)) = ?1 OR substr(device_token, length(device_token) - length(?1) + 1) = "
                "?1)) "
                "ORDER BY created_at DESC LIMIT ?2");
  q.bind(1, filter);
  q.bind(2, limit);
  std::vector<Registration> out;
  while (q.executeStep()) {
    out.push_back(readRow(q));
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("listing registrations: ") + e.what());
}

Result<int64_t> RegistrationStore::countActive() try {
  auto g = db_.reader();
  return sql::queryInt64(g.db, "SELECT COUNT(*) FROM registrations WHERE revoked_at IS NULL");
} catch (const std::exception& e) {
  return Status::store(std::string("counting registrations: ") + e.what());
}

Status RegistrationStore::replaceCallbackHash(const std::string& id, const std::string& hash) {
  const Status written = db_.write([&](sql::Connection&) {
    sql::Statement& q = db_.cached(
        "UPDATE registrations SET callback_hash = ? WHERE id = ? AND callback_hash <> ?");
    q.bind(1, hash);
    q.bind(2, id);
    q.bind(3, hash);
    q.exec();
  });
  if (!written.ok()) {
    return Status::store("replacing a callback token: " + written.message());
  }
  std::lock_guard<std::mutex> lock(cacheMutex_);
  ++revocations_;
  std::erase_if(activeIds_, [&id](const auto& entry) { return entry.second.id == id; });
  return Status();
}

}  // namespace enp
