#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "enp/store/graph_subscription_record.h"

// What the Graph keeper does with one registration, and what becomes of its record after a
// Graph call: pure functions of the record, the clock and Graph's answer, table-tested.

namespace enp {

struct GraphPlanOptions {
  /// The lifetime asked for: just under Graph's maximum for Outlook messages (10,080 minutes).
  /// Graph may grant less; renewal follows what it granted.
  std::chrono::milliseconds requestedLifetime{std::chrono::minutes(10070)};
  /// How long a planned call may wait for its turn or run before the record is due again.
  std::chrono::milliseconds inFlightLease{std::chrono::minutes(5)};
  /// Failed attempts with "mailbox does not exist" before ENP stops trying.
  int missingMailboxAttempts = 3;
};

/// What to do now.
struct GraphStep {
  enum class Action {
    kSave,     ///< Only store `record` (nothing due, or a missing mailbox).
    kCreate,   ///< POST /subscriptions (none yet, expired, removed, another tenant, failing).
    kRenew,    ///< PATCH /subscriptions/{id} (half the lifetime passed, reauthorization).
    kCatchUp,  ///< Graph missed notifications: query the Inbox since the last notification.
  };
  Action action = Action::kSave;
  /// With kCreate: afterwards, query the Inbox for mail since the last notification (the old
  /// subscription was removed or expired: notifications may have been lost).
  bool catchUp = false;
  GraphSubscriptionRecord record;  ///< To store before the call (in flight: kRenewing).
};

/// The step for a registration whose mailbox `tenant` serves, with its record (nullopt: none).
GraphStep planGraph(const std::optional<GraphSubscriptionRecord>& record, const std::string& tenant,
                    int64_t nowMs, const GraphPlanOptions& options);

/// How a Graph call ended, in the keeper's terms.
struct GraphCallOutcome {
  enum class End {
    kOk,                ///< Created or renewed: expiresAt is what Graph granted.
    kNotFound,          ///< 404: the subscription is gone (renewal) .
    kValidationFailed,  ///< Graph could not validate notificationUrl (create).
    kAuth,              ///< Token refused, 401, 403: the tenant's, not the mailbox's.
    kNoMailbox,         ///< The mailbox does not exist.
    kBusy,              ///< 429 / 503: wait retryAfter.
    kUnreachable,       ///< No answer, 5xx.
    kOther,
  };
  End end = End::kOther;
  std::string subscriptionId;  ///< kOk (create).
  int64_t expiresAt = 0;       ///< kOk: ms, as Graph answered.
  std::chrono::milliseconds retryAfter{0};
  std::string detail;  ///< Graph's words (no secrets).
  std::string advice;  ///< What to fix, when the administrator must.
};

/// What follows a call.
struct GraphAfter {
  GraphSubscriptionRecord record;  ///< To store.
  /// A renewal found the subscription gone (404): create a new one at once, then catch up.
  bool recreate = false;
  /// Non-empty when the failure is the tenant's (credentials, permissions, notification URL,
  /// reachability): the alert to raise once for the tenant.
  std::string tenantProblem;
};

/// The record after `outcome` of `action` (kCreate or kRenew) made for `before` at nowMs. A
/// success is renewed at half the lifetime Graph granted; failures are retried with a back-off
/// that grows with the attempts (jittered by `seed`), Graph's Retry-After honoured.
GraphAfter afterGraphCall(const GraphSubscriptionRecord& before, GraphStep::Action action,
                          const GraphCallOutcome& outcome, int64_t nowMs,
                          const GraphPlanOptions& options, uint64_t seed);

/// A catch-up that failed is owed: `record` says so (lifecycle kCatchUp) and is due again after
/// Graph's Retry-After when it throttled (a little more, jittered by `seed`), else after a
/// back-off that grows with `failures` in a row (15–30 s, doubling, at most 30 minutes).
GraphSubscriptionRecord owedCatchUp(GraphSubscriptionRecord record, int failures,
                                    std::chrono::milliseconds retryAfter, int64_t nowMs,
                                    uint64_t seed);

}  // namespace enp
