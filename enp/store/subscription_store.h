#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/database.h"
#include "enp/store/subscription_state.h"

namespace enp {

/// One active registration as the subscription keeper sees it.
struct WatchedRegistration {
  std::string registrationId;
  std::string mailbox;
  int64_t lastSeenAt = 0;                    ///< ms; last notification or heartbeat; 0 = never.
  std::string lastWatermark;                 ///< Of the last event Exchange sent; "" = none.
  std::optional<SubscriptionRecord> record;  ///< nullopt: never looked at.
};

/// All SQL about subscriptions (the subscriptions table). Thread-safe. Store failures come back
/// as a Status of code kStore.
class SubscriptionStore {
 public:
  explicit SubscriptionStore(Database& db) : db_(db) {}

  /// Active (not revoked) registrations whose record is due at nowMs (next_check_at <= nowMs)
  /// or that have none yet, those without first (by creation), then by next_check_at; at most
  /// `limit`. Mailboxes of `excludedDomains` (lower-case: Graph's, whose subscriptions the Graph
  /// keeper keeps) are left out. With `createdSinceMs`, only the registrations created at or
  /// after it are looked at among those without a record: both parts then read through indexes
  /// what they return (and the few they pass over), not every registration.
  Result<std::vector<WatchedRegistration>> due(
      int64_t nowMs, int limit, const std::vector<std::string>& excludedDomains = {},
      std::optional<int64_t> createdSinceMs = std::nullopt);

  /// Inserts or replaces the record of record.registrationId.
  Status save(const SubscriptionRecord& record);
  /// The same for many, in one transaction (one commit for a whole look of the keeper).
  Status save(const std::vector<SubscriptionRecord>& records);

  /// The record of one registration; kNotFound when there is none.
  Result<SubscriptionRecord> find(const std::string& registrationId);

  /// Makes every record due now except missing mailboxes (after a settings change).
  Status recheckAll();

  /// Makes one registration's record due now, a missing mailbox included (its registration was
  /// updated, or the administrator asked).
  Status recheck(const std::string& registrationId);

  /// A callback of registrationId's active subscription showed a gap after `watermark`: the
  /// record becomes stale and due now, to be renewed from `watermark` (the first gap's, when
  /// several come before the renewal).
  Status markGap(const std::string& registrationId, const std::string& watermark);

  /// Records of active registrations by state, for the dashboard and /metrics.
  Result<std::map<SubscriptionState, int64_t>> countByState();

 private:
  Database& db_;
};

}  // namespace enp
