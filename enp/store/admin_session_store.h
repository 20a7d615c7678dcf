#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "enp/common/status.h"
#include "enp/store/admin_role.h"
#include "enp/store/database.h"

namespace enp {

/// A console login as stored: the SHA-256 of its cookie, never the cookie itself.
struct AdminSessionRow {
  std::string idHash;
  std::string csrfToken;
  std::string user;
  AdminRole role = AdminRole::kHelpdesk;
  bool mustChangePassword = false;
  int64_t createdAt = 0;
  int64_t lastUsedAt = 0;
};

/// All SQL about console sessions (table admin_sessions), kept in the database so that every
/// node sharing it knows a login and its end at once. Thread-safe. Database failures are kStore.
class AdminSessionStore {
 public:
  explicit AdminSessionStore(Database& db) : db_(db) {}

  Status insert(const AdminSessionRow& row);
  /// The session with this hash; std::nullopt when there is none.
  Result<std::optional<AdminSessionRow>> find(const std::string& idHash);
  Status touch(const std::string& idHash, int64_t nowMs);
  Status remove(const std::string& idHash);
  /// Removes every session of `user` but the one hashed `keepHash` ("" keeps none).
  Status removeUser(const std::string& user, const std::string& keepHash);
  Status clearMustChange(const std::string& idHash);
  /// Removes sessions unused since `idleBefore` or created before `createdBefore`.
  Status removeExpired(int64_t idleBefore, int64_t createdBefore);
  Result<int64_t> count();

 private:
  Status run(const std::string& what, const std::function<void(sql::Connection&)>& work);

  Database& db_;
};

}  // namespace enp
