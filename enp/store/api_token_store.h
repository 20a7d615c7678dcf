#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/admin_role.h"
#include "enp/store/database.h"

namespace enp {

/// An API token for automation (Authorization: Bearer on the admin API). Only the SHA-256 of
/// the token is stored; `id` is a public handle for listing and revoking.
struct ApiToken {
  std::string id;
  std::string label;
  std::string createdBy;
  int64_t createdAt = 0;
  std::optional<int64_t> lastUsedAt;
  std::optional<int64_t> revokedAt;
  AdminRole role = AdminRole::kAdmin;  ///< What the token may do.
  std::optional<int64_t> expiresAt;    ///< Refused from then on; none = never expires.
};

/// All SQL about API tokens (table api_tokens). Thread-safe. Database failures are kStore
/// (the database's exceptions never leave this class).
class ApiTokenStore {
 public:
  explicit ApiTokenStore(Database& db) : db_(db) {}

  Status create(const ApiToken& token, const std::string& tokenHash);
  /// The token with this hash; kNotFound when there is none or it is revoked (an expired one is
  /// returned: the caller refuses it, saying why).
  Result<ApiToken> findActiveByHash(const std::string& tokenHash);
  /// Sets "last used".
  Status touch(const std::string& id, int64_t nowMs);
  /// kNotFound when unknown or already revoked.
  Status revoke(const std::string& id, int64_t nowMs);
  /// Newest first, revoked ones included.
  Result<std::vector<ApiToken>> list();

 private:
  Database& db_;
};

}  // namespace enp
