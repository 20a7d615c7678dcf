#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/database.h"
#include "enp/store/graph_subscription_record.h"

namespace enp {

/// One active registration of a Graph mailbox as the Graph keeper sees it.
struct GraphWatched {
  std::string registrationId;
  std::string mailbox;
  int64_t lastSeenAt = 0;  ///< ms; last notification; 0 = never.
  std::optional<GraphSubscriptionRecord> record;
};

/// The subscription a notification names, as the notification handler checks it.
struct GraphSubscriptionOwner {
  std::string registrationId;
  std::string clientStateHash;
  bool revoked = false;  ///< Its registration was revoked.
  std::string tenant;    ///< graph[].name the subscription was made with.
};

/// All SQL about Graph subscriptions (graph_subscriptions). Thread-safe. Store failures come
/// back as kStore.
class GraphSubscriptionStore {
 public:
  explicit GraphSubscriptionStore(Database& db) : db_(db) {}

  /// Active registrations whose mailbox domain is one of `domains` (lower-case) with a record
  /// due at nowMs or none yet, those without first (by creation), then by next_check_at; at
  /// most `limit`. With `createdSinceMs`, only the registrations created at or after it are
  /// looked at among those without a record (as SubscriptionStore::due).
  Result<std::vector<GraphWatched>> due(int64_t nowMs, int limit,
                                        const std::vector<std::string>& domains,
                                        std::optional<int64_t> createdSinceMs = std::nullopt);

  /// Records of revoked registrations whose subscription still exists at Graph (to delete).
  Result<std::vector<GraphSubscriptionRecord>> revoked(int limit);

  /// Inserts or replaces records (one transaction).
  Status save(const std::vector<GraphSubscriptionRecord>& records);
  Status save(const GraphSubscriptionRecord& record) {
    return save(std::vector<GraphSubscriptionRecord>{record});
  }

  /// The record of one registration; kNotFound when there is none.
  Result<GraphSubscriptionRecord> find(const std::string& registrationId);

  /// Who owns a Graph subscription id; kNotFound when no record has it.
  Result<GraphSubscriptionOwner> owner(const std::string& subscriptionId);

  /// A lifecycle notification for subscriptionId: remembered on its record, which becomes due
  /// now. kNotFound when no record has the id.
  Status markLifecycle(const std::string& subscriptionId, GraphLifecycle lifecycle);

  /// The link the next delta query on the registration's Inbox starts from, when one was saved
  /// for `tenant`; "" otherwise.
  Result<std::string> deltaLink(const std::string& registrationId, const std::string& tenant);
  /// Saves it (replacing the one before); "" forgets it.
  Status saveDeltaLink(const std::string& registrationId, const std::string& tenant,
                       const std::string& link, int64_t nowMs);

  /// Makes every record due now except missing mailboxes (after a settings change).
  Status recheckAll();

  /// Records of active registrations by tenant (graph[].name the records were made with) and
  /// state, for the dashboard and /metrics (the keeper sums the states' totals from it).
  Result<std::map<std::string, std::map<GraphSubscriptionState, int64_t>>> countByTenant();

 private:
  Database& db_;
};

}  // namespace enp
