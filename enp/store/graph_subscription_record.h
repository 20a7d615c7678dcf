#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace enp {

/// Where the Graph subscription of one registration stands (graph_subscriptions.state, and the
/// console's words).
enum class GraphSubscriptionState {
  kPending,         ///< To be created (a new registration, a tenant that changed).
  kActive,          ///< Graph accepted it; renewed at half its lifetime.
  kRenewing,        ///< A create or renewal is in flight.
  kFailing,         ///< The last attempt failed; `failure` says why; retried at nextCheckAt.
  kMailboxMissing,  ///< Graph says the mailbox does not exist: no more attempts.
  kDeleted,         ///< The registration was revoked and its subscription deleted.
};

/// "pending", "active", "renewing", "failing", "mailbox-missing", "deleted".
const char* toString(GraphSubscriptionState state);
std::optional<GraphSubscriptionState> parseGraphSubscriptionState(std::string_view text);

/// What a lifecycle notification asked for, until the keeper has done it.
enum class GraphLifecycle {
  kNone,
  kReauthorize,  ///< reauthorizationRequired: renew now.
  kRecreate,     ///< subscriptionRemoved: create a new one, then catch up.
  kCatchUp,      ///< missed: query the Inbox for mail since the last notification.
};
const char* toString(GraphLifecycle lifecycle);  ///< "", "reauthorize", "recreate", "catch-up"
GraphLifecycle parseGraphLifecycle(std::string_view text);  ///< kNone for anything else

/// What ENP keeps of one registration's Graph subscription.
struct GraphSubscriptionRecord {
  std::string registrationId;
  std::string tenant;  ///< graph[].name it was made with.
  GraphSubscriptionState state = GraphSubscriptionState::kPending;
  std::string subscriptionId;   ///< Graph's id; "" before the first create.
  std::string clientStateHash;  ///< SHA-256 hex of the clientState sent with the create.
  int64_t createdAt = 0;        ///< ms.
  int64_t expiresAt = 0;        ///< ms; as Graph granted it.
  int64_t renewAt = 0;          ///< ms; half of the granted lifetime.
  int64_t nextCheckAt = 0;      ///< ms; when the keeper looks at it again.
  int attempts = 0;             ///< Failed attempts in a row.
  std::string failure;          ///< Plain words for the console.
  GraphLifecycle lifecycle = GraphLifecycle::kNone;
};

}  // namespace enp
