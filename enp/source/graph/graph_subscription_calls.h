#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/config/graph_tenant.h"
#include "enp/source/graph/graph_subscription_plan.h"

namespace enp {

/// The Graph requests that keep one mailbox's subscription, as the keeper needs them; the HTTP
/// implementation (GraphHttpCalls) sends them with the tenant's token, tests script them.
/// Called from several keeper threads at once.
class GraphSubscriptionCalls {
 public:
  struct Create {
    std::string mailbox;
    std::string notificationUrl;
    std::string lifecycleUrl;
    std::string clientState;  ///< Random per subscription; only its hash is stored.
    int64_t expiresAt = 0;    ///< ms; asked for (Graph may grant less).
  };
  /// A message found in the Inbox.
  struct Found {
    std::string itemId;
    int64_t receivedAt = 0;  ///< ms.
  };

  virtual ~GraphSubscriptionCalls() = default;

  /// POST /v1.0/subscriptions: changeType "created" on users/{mailbox}/mailFolders('Inbox')/
  /// messages. Graph validates both URLs before it answers.
  virtual GraphCallOutcome create(const GraphTenant& tenant, const Create& request) = 0;
  /// PATCH /v1.0/subscriptions/{id} with a new expirationDateTime.
  virtual GraphCallOutcome renew(const GraphTenant& tenant, const std::string& subscriptionId,
                                 int64_t expiresAt) = 0;
  /// DELETE /v1.0/subscriptions/{id} (a revoked registration); a 404 counts as done.
  virtual GraphCallOutcome remove(const GraphTenant& tenant, const std::string& subscriptionId) = 0;
  /// The Inbox's messages received at or after sinceMs, oldest first, at most `limit`.
  virtual Result<std::vector<Found>> findSince(const GraphTenant& tenant,
                                               const std::string& mailbox, int64_t sinceMs,
                                               int limit) = 0;
};

}  // namespace enp
