#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "enp/store/subscription_state.h"

// What the subscription keeper does with one registration, and what becomes of its record after
// a Subscribe: pure functions of the record, the clock and Exchange's answer, table-tested.

namespace enp {

struct WatchOptions {
  /// The server's exchange[].statusFrequencyMinutes.
  std::chrono::milliseconds statusFrequency{std::chrono::minutes(15)};
  /// Added to 2 x StatusFrequency before a silent subscription counts as stale: Exchange's own
  /// timers and a callback in flight.
  std::chrono::milliseconds grace{30000};
  /// How often an app-managed or missing mailbox's record is looked at again anyway.
  std::chrono::milliseconds idleRecheck{std::chrono::hours(1)};
  /// Failed attempts with "mailbox does not exist" before ENP stops trying.
  int missingMailboxAttempts = 3;
};

/// One registration as the keeper finds it.
struct WatchInput {
  bool enpManaged = false;  ///< Its server's exchange[].subscriptions is "enp".
  std::optional<SubscriptionRecord> record;
  int64_t lastSeenAt = 0;  ///< ms; last notification or heartbeat; 0 = never.
  bool hasWatermark = false;
  int64_t nowMs = 0;
};

/// What to do now.
struct WatchStep {
  enum class Action {
    kSave,       ///< Only store `record` (its state or next check changed).
    kSubscribe,  ///< Store `record` (kResubscribing), then Subscribe.
  };
  Action action = Action::kSave;
  /// kSubscribe: with a watermark (the record's replayWatermark, else the last one), so that
  /// Exchange replays what was missed.
  bool withWatermark = false;
  SubscriptionRecord record;
};

/// The step for `in` (registrationId is copied into the record by the caller).
WatchStep planWatch(const WatchInput& in, const WatchOptions& options);

/// How a Subscribe ended, in the keeper's terms.
enum class SubscribeEnd {
  kSubscribed,           ///< A subscription id came back.
  kWatermarkUnusable,    ///< ErrorInvalidWatermark, ErrorExpiredSubscription, ...: go fresh.
  kServerBusy,           ///< ErrorServerBusy: wait its BackOffMilliseconds.
  kMailboxMoving,        ///< ErrorMailboxMoveInProgress: try again in a while.
  kImpersonationDenied,  ///< ErrorImpersonateUserDenied and the like: the administrator's.
  kUnauthorized,         ///< HTTP 401: the service account's credentials.
  kCallbackRefused,      ///< ErrorInvalidPushSubscriptionUrl: Exchange will not call base_url.
  kMailboxMissing,       ///< ErrorNonExistentMailbox.
  kUnreachable,          ///< No answer, TLS failure, 5xx.
  kOther,                ///< Any other error.
};

struct SubscribeOutcome {
  SubscribeEnd end = SubscribeEnd::kOther;
  std::string subscriptionId;            ///< kSubscribed.
  std::string watermark;                 ///< kSubscribed: where the new subscription starts.
  std::string affinityCookie;            ///< Exchange's X-BackEndOverrideCookie, when it sent one.
  std::chrono::milliseconds backOff{0};  ///< kServerBusy: Exchange's BackOffMilliseconds.
  std::string detail;                    ///< Exchange's words (no secrets).
};

/// What follows a Subscribe.
struct AfterSubscribe {
  SubscriptionRecord record;  ///< To store.
  /// The watermark was unusable: subscribe again at once without it, then catch up with
  /// FindItem for mail received since the last callback.
  bool subscribeFresh = false;
  /// Non-empty when the failure is the server's, not this mailbox's (credentials, impersonation
  /// rights, reachability): the alert to raise once for the server.
  std::string serverProblem;
};

/// The record after `outcome` of a Subscribe made for `before` (withWatermark: whether it carried
/// the last watermark). Failures are retried with a back-off that grows with the attempts, with
/// jitter from `seed` (e.g. a hash of the registration id) so that many mailboxes that failed
/// together do not come back together.
AfterSubscribe afterSubscribe(const SubscriptionRecord& before, bool withWatermark,
                              const SubscribeOutcome& outcome, int64_t nowMs,
                              const WatchOptions& options, uint64_t seed);

}  // namespace enp
