#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "enp/common/status.h"
#include "enp/store/database.h"

namespace enp {

/// A console user. The password is kept only as a KDF hash (enp/admin/auth/password.h).
struct AdminUser {
  int64_t id = 0;
  std::string name;
  std::string passwordHash;
  bool mustChange = false;  ///< Set for a generated password: the console forces a change.
  int64_t createdAt = 0;
  int64_t updatedAt = 0;
};

/// All SQL about console users (table admin_users). Thread-safe. Database failures are kStore
/// (SQLite's exceptions never leave this class).
class AdminUserStore {
 public:
  explicit AdminUserStore(Database& db) : db_(db) {}

  /// How many users there are.
  Result<int64_t> count();
  /// The user; kNotFound when there is none of this name.
  Result<AdminUser> find(const std::string& name);

  /// Creates the user, or replaces the password (and must_change) of an existing one.
  Status upsert(const std::string& name, const std::string& passwordHash, bool mustChange,
                int64_t nowMs);

 private:
  Database& db_;
};

}  // namespace enp
