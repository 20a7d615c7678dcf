#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/database.h"

namespace enp {

/// A device registered for one mailbox (DESIGN §4.3). Tokens are kept only as hashes.
struct Registration {
  std::string id;
  std::string mailbox;
  std::string deviceToken;
  std::string platform;
  std::string policyJson;  ///< The policy part of the registration body, normalised.
  std::string keyLabel;
  int64_t createdAt = 0;
  int64_t updatedAt = 0;
  std::optional<int64_t> revokedAt;
  std::optional<int64_t> lastSeenAt;
  std::string lastSubscriptionId;
  std::string lastWatermark;
};

/// All SQL about registrations. Thread-safe (the Database serialises each connection).
class RegistrationStore {
 public:
  explicit RegistrationStore(Database& db) : db_(db) {}

  /// Inserts; callbackHash and secretHash are SHA-256 hex of the tokens handed out.
  bool create(const Registration& r, const std::string& callbackHash, const std::string& secretHash,
              std::string* error);

  std::optional<Registration> findById(const std::string& id);
  /// By the hash of the token in a callback URL; revoked registrations are returned too.
  std::optional<Registration> findByCallbackHash(const std::string& hash);
  /// The id of the active registration whose callback token hashes to `hash`; nullopt when
  /// unknown or revoked. Every callback asks this, so active ones are answered from memory
  /// after the first look-up; revoke() forgets them.
  std::optional<std::string> activeIdByCallbackHash(const std::string& hash);
  /// The stored secret hash, for PUT/DELETE authentication.
  std::optional<std::string> secretHash(const std::string& id);

  /// Replaces the device token, platform and policy; false when unknown or revoked.
  bool update(const std::string& id, const std::string& deviceToken, const std::string& platform,
              const std::string& policyJson, int64_t nowMs);

  /// Marks revoked: later callbacks get Unsubscribe. False when unknown.
  bool revoke(const std::string& id, int64_t nowMs);

  /// Mailbox search (substring, case-insensitive), newest first.
  std::vector<Registration> list(const std::string& mailboxFilter, int limit);

  int64_t countActive();

  /// Replaces the hash of id's callback token (ENP subscribes with a token of its own): the old
  /// token's callbacks are answered Unsubscribe from now on. OK when it was already the hash.
  Status replaceCallbackHash(const std::string& id, const std::string& hash);

 private:
  Database& db_;

  std::mutex cacheMutex_;
  std::unordered_map<std::string, std::string> activeIds_;  // GUARDED_BY(cacheMutex_)
  uint64_t revocations_ = 0;  // GUARDED_BY(cacheMutex_): a look-up racing a revoke is not cached
};

}  // namespace enp
