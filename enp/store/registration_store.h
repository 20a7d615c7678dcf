#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/database.h"

namespace enp {

/// Where a registration's work hours and time zone come from.
enum class WorkHoursFrom {
  kRegistration,  ///< Its policy's workHours and timeZone.
  kMailbox,       ///< The mailbox's own (Exchange working hours); the policy's when it has none.
};
const char* toString(WorkHoursFrom from);  ///< "registration" | "mailbox"
/// "registration" | "mailbox"; nullopt otherwise.
std::optional<WorkHoursFrom> parseWorkHoursFrom(const std::string& text);

/// A device registered for one mailbox (DESIGN §4.3). Tokens are kept only as hashes.
struct Registration {
  std::string id;
  std::string mailbox;
  std::string deviceToken;
  std::string platform;
  std::string policyJson;  ///< The policy part of the registration body, normalised.
  WorkHoursFrom workHoursFrom = WorkHoursFrom::kRegistration;
  std::string keyLabel;
  int64_t createdAt = 0;
  int64_t updatedAt = 0;
  std::optional<int64_t> revokedAt;
  std::optional<int64_t> lastSeenAt;
  std::string lastSubscriptionId;
  std::string lastWatermark;
};

/// All SQL about registrations. Thread-safe (the Database serialises each connection).
/// Every method reports a database failure as kStore (the database's exceptions never leave it); an
/// unknown registration is kNotFound.
class RegistrationStore {
 public:
  explicit RegistrationStore(Database& db) : db_(db) {}

  /// Inserts; callbackHash and secretHash are SHA-256 hex of the tokens handed out. kStore when
  /// the row is not written (an id used already included). `alsoWrite` (optional) writes rows
  /// that belong to the registration (its mail account) in the same transaction: both are
  /// committed or neither.
  Status create(const Registration& r, const std::string& callbackHash,
                const std::string& secretHash,
                const std::function<void(sql::Connection&)>& alsoWrite = {});

  /// The registration, revoked or not; kNotFound when there is none with this id.
  Result<Registration> findById(const std::string& id);
  /// By the hash of the token in a callback URL; revoked registrations are returned too.
  /// kNotFound when no registration has this hash.
  Result<Registration> findByCallbackHash(const std::string& hash);
  /// The id of the active registration whose callback token hashes to `hash`; kNotFound when
  /// unknown or revoked. Every callback asks this, so active ones are answered from memory
  /// after the first look-up; revoke() forgets them (on PostgreSQL, where another node may
  /// revoke, they are asked again after a second).
  Result<std::string> activeIdByCallbackHash(const std::string& hash);
  /// The stored secret hash, for PUT/DELETE authentication; kNotFound for an unknown id.
  Result<std::string> secretHash(const std::string& id);

  /// Replaces changed.id's device token, platform, policy and workHoursFrom; kNotFound when
  /// unknown or revoked.
  Status update(const Registration& changed, int64_t nowMs);

  /// Marks revoked (once: a second revoke keeps the first time) and drops its queued events:
  /// later callbacks get Unsubscribe. kNotFound when unknown.
  Status revoke(const std::string& id, int64_t nowMs);

  /// Search, newest first, at most `limit`: a mailbox substring (case-insensitive), a
  /// registration id, or a device token whole or by its first or last characters (4 at least).
  Result<std::vector<Registration>> list(const std::string& filter, int limit);

  /// Registrations not revoked.
  Result<int64_t> countActive();

  /// Replaces the hash of id's callback token (ENP subscribes with a token of its own): the old
  /// token's callbacks are answered Unsubscribe from now on. OK when it was already the hash.
  Status replaceCallbackHash(const std::string& id, const std::string& hash);

 private:
  Database& db_;

  struct CachedId {
    std::string id;
    std::chrono::steady_clock::time_point at;
  };
  /// How long a look-up is remembered when other nodes share the database (they may revoke).
  static constexpr std::chrono::milliseconds kSharedCacheFor{1000};
  std::mutex cacheMutex_;
  std::unordered_map<std::string, CachedId> activeIds_;  // GUARDED_BY(cacheMutex_)
  uint64_t revocations_ = 0;  // GUARDED_BY(cacheMutex_): a look-up racing a revoke is not cached
};

}  // namespace enp
