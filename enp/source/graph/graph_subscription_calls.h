#pragma once

#include <chrono>
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

  /// What one delta query found, and where the next one starts.
  struct DeltaRound {
    std::vector<Found> items;  ///< Messages added or changed (removals left out), oldest first.
    /// The @odata.deltaLink of the last page, or the @odata.nextLink when the round stopped
    /// after maxPages (the next round resumes there).
    std::string link;
  };

  /// Why a delta query failed, and how long Graph asked to wait (429 or 503 with Retry-After;
  /// 0 when it did not say).
  struct DeltaFailure {
    Status status;
    std::chrono::milliseconds retryAfter{0};
  };
  using DeltaResult = base::Result<DeltaRound, DeltaFailure>;

  virtual ~GraphSubscriptionCalls() = default;

  /// POST /v1.0/subscriptions: changeType "created" on users/{mailbox}/mailFolders('Inbox')/
  /// messages. Graph validates both URLs before it answers.
  virtual GraphCallOutcome create(const GraphTenant& tenant, const Create& request) = 0;
  /// PATCH /v1.0/subscriptions/{id} with a new expirationDateTime.
  virtual GraphCallOutcome renew(const GraphTenant& tenant, const std::string& subscriptionId,
                                 int64_t expiresAt) = 0;
  /// DELETE /v1.0/subscriptions/{id} (a revoked registration); a 404 counts as done.
  virtual GraphCallOutcome remove(const GraphTenant& tenant, const std::string& subscriptionId) = 0;
  /// One catch-up's delta query on the Inbox's messages.
  /// With `link` "", the initial round: GET /v1.0/users/{mailbox}/mailFolders('Inbox')/messages/
  /// delta?$select=id,receivedDateTime&$filter=receivedDateTime ge {sinceMs}; else GET `link`
  /// (an @odata.deltaLink or @odata.nextLink Graph gave, under the tenant's graphUrl). Follows
  /// @odata.nextLink for at most `maxPages` pages. kNotFound when Graph no longer knows the
  /// link's state (410 Gone) or the link is not the tenant's: start again without one;
  /// kUnavailable for every other failure (with Graph's Retry-After when it throttled).
  virtual DeltaResult delta(const GraphTenant& tenant, const std::string& mailbox,
                            const std::string& link, int64_t sinceMs, int maxPages) = 0;
};

}  // namespace enp
