#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace enp {

/// Where the push subscription of one registration stands (the subscriptions table's `state`
/// column, and the console's words).
enum class SubscriptionState {
  kAppManaged,      ///< The server's subscriptions are the app's job: ENP answers callbacks only.
  kPending,         ///< ENP is to create it (a new registration, a server switched to "enp").
  kActive,          ///< Exchange calls back (notifications or heartbeats) in time.
  kStale,           ///< Nothing arrived for 2 x StatusFrequency + grace: to be renewed.
  kResubscribing,   ///< A Subscribe for it is in flight.
  kFailing,         ///< The last attempt failed; `failure` says why; retried at nextCheckAt.
  kMailboxMissing,  ///< Exchange says the mailbox does not exist: no more attempts.
};

/// "app-managed", "pending", "active", "stale", "resubscribing", "failing", "mailbox-missing".
const char* toString(SubscriptionState state);
/// The names above back; nullopt for anything else.
std::optional<SubscriptionState> parseSubscriptionState(std::string_view text);

/// What ENP keeps of one registration's subscription besides what every callback refreshes
/// (registrations.last_seen_at and last_watermark).
struct SubscriptionRecord {
  std::string registrationId;
  SubscriptionState state = SubscriptionState::kPending;
  std::string subscriptionId;  ///< From the last Subscribe that succeeded; "" before.
  int64_t subscribedAt = 0;    ///< ms; when that Subscribe succeeded.
  int64_t nextCheckAt = 0;     ///< ms; when ENP looks at it again.
  int attempts = 0;            ///< Failed attempts in a row.
  std::string failure;         ///< Plain words for the console; "" unless failing or missing.
  std::string affinityCookie;  ///< Exchange's X-BackEndOverrideCookie for the mailbox.
  /// Set when a callback showed a gap: the watermark before it, to renew the subscription from
  /// (Exchange then replays what was missed). Cleared by the next successful Subscribe.
  std::string replayWatermark;
};

}  // namespace enp
