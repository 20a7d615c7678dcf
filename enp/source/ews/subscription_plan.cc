#include "enp/source/ews/subscription_plan.h"

#include <algorithm>
#include <limits>

#include "enp/decide/backoff.h"

namespace enp {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// A missing mailbox is not looked at again until its registration changes or the administrator
// asks (SubscriptionStore::recheck).
constexpr int64_t kNever = std::numeric_limits<int64_t>::max() / 2;
// How long a planned Subscribe may wait for its turn (rate limit) or run before the record is
// due again: a keeper that stopped meanwhile left it to the next one.
constexpr milliseconds kInFlightLease = minutes(5);

milliseconds retryAfter(int attempt, milliseconds base, milliseconds cap, uint64_t seed) {
  BackoffOptions o;
  o.base = base;
  o.cap = cap;
  o.jitter = true;
  o.jitterSeed = seed;
  return backoffDelay(attempt, o);
}

std::string inSeconds(milliseconds d) { return std::to_string((d.count() + 999) / 1000) + " s"; }

}  // namespace

WatchStep planWatch(const WatchInput& in, const WatchOptions& options) {
  WatchStep step;
  step.record = in.record.value_or(SubscriptionRecord{});
  SubscriptionRecord& r = step.record;
  const int64_t now = in.nowMs;
  if (!in.enpManaged) {
    if (r.state != SubscriptionState::kAppManaged) {
      r.state = SubscriptionState::kAppManaged;
      r.attempts = 0;
      r.failure.clear();
    }
    r.nextCheckAt = now + options.idleRecheck.count();
    return step;
  }
  const bool everSeen = in.lastSeenAt > 0;
  switch (in.record ? in.record->state : SubscriptionState::kPending) {
    case SubscriptionState::kMailboxMissing:
      r.nextCheckAt = kNever;
      return step;
    case SubscriptionState::kActive: {
      const int64_t silentSince = std::max(in.lastSeenAt, r.subscribedAt);
      const int64_t staleAt =
          silentSince + milliseconds(2 * options.statusFrequency).count() + options.grace.count();
      if (now < staleAt) {
        r.nextCheckAt = staleAt;
        return step;
      }
      r.state = SubscriptionState::kStale;
      break;
    }
    case SubscriptionState::kAppManaged:
      r.state = SubscriptionState::kPending;
      r.attempts = 0;
      r.failure.clear();
      break;
    case SubscriptionState::kPending:
    case SubscriptionState::kStale:
    case SubscriptionState::kResubscribing:
    case SubscriptionState::kFailing:
      break;
  }
  step.action = WatchStep::Action::kSubscribe;
  step.withWatermark = (in.hasWatermark && everSeen) || !r.replayWatermark.empty();
  r.nextCheckAt = now + kInFlightLease.count();
  return step;
}

AfterSubscribe afterSubscribe(const SubscriptionRecord& before, bool withWatermark,
                              const SubscribeOutcome& outcome, int64_t nowMs,
                              const WatchOptions& options, uint64_t seed) {
  AfterSubscribe after;
  SubscriptionRecord& r = after.record;
  r = before;
  if (!outcome.affinityCookie.empty()) {
    r.affinityCookie = outcome.affinityCookie;
  }
  if (outcome.end == SubscribeEnd::kSubscribed) {
    r.state = SubscriptionState::kActive;
    r.subscriptionId = outcome.subscriptionId;
    r.subscribedAt = nowMs;
    r.attempts = 0;
    r.failure.clear();
    r.replayWatermark.clear();
    r.nextCheckAt =
        nowMs + milliseconds(2 * options.statusFrequency).count() + options.grace.count();
    return after;
  }
  if (outcome.end == SubscribeEnd::kWatermarkUnusable && withWatermark) {
    r.state = SubscriptionState::kResubscribing;
    after.subscribeFresh = true;
    return after;
  }
  r.state = SubscriptionState::kFailing;
  r.attempts = before.attempts + 1;
  milliseconds delay{0};
  switch (outcome.end) {
    case SubscribeEnd::kServerBusy: {
      const milliseconds wait = std::max<milliseconds>(outcome.backOff, seconds(1));
      delay = wait + retryAfter(1, wait / 5, wait / 5, seed);
      r.failure = "Exchange is busy (ErrorServerBusy): retrying in " + inSeconds(delay);
      break;
    }
    case SubscribeEnd::kMailboxMoving:
      delay = retryAfter(r.attempts, minutes(1), minutes(30), seed);
      r.failure = "the mailbox is being moved (ErrorMailboxMoveInProgress)";
      break;
    case SubscribeEnd::kImpersonationDenied:
      delay = retryAfter(r.attempts, minutes(5), minutes(60), seed);
      r.failure = "the service account may not impersonate this mailbox" +
                  (outcome.detail.empty() ? std::string() : " (" + outcome.detail + ")");
      after.serverProblem = "impersonation denied";
      break;
    case SubscribeEnd::kUnauthorized:
      delay = retryAfter(r.attempts, minutes(5), minutes(60), seed);
      r.failure = "Exchange refused the service account's credentials (401)";
      after.serverProblem = "credentials refused";
      break;
    case SubscribeEnd::kCallbackRefused:
      delay = retryAfter(r.attempts, minutes(5), minutes(60), seed);
      r.failure = "Exchange refused ENP's callback URL (check base_url in enp.conf)" +
                  (outcome.detail.empty() ? std::string() : ": " + outcome.detail);
      after.serverProblem = "callback URL refused";
      break;
    case SubscribeEnd::kMailboxMissing:
      r.failure = "the mailbox does not exist (ErrorNonExistentMailbox)";
      if (r.attempts >= options.missingMailboxAttempts) {
        r.state = SubscriptionState::kMailboxMissing;
        r.nextCheckAt = kNever;
        return after;
      }
      delay = retryAfter(r.attempts, minutes(1), minutes(30), seed);
      break;
    case SubscribeEnd::kUnreachable:
      delay = retryAfter(r.attempts, seconds(15), minutes(15), seed);
      r.failure =
          "Exchange unreachable" + (outcome.detail.empty() ? std::string() : ": " + outcome.detail);
      after.serverProblem = "unreachable";
      break;
    case SubscribeEnd::kSubscribed:
    case SubscribeEnd::kWatermarkUnusable:
    case SubscribeEnd::kOther:
      delay = retryAfter(r.attempts, seconds(30), minutes(60), seed);
      r.failure = outcome.detail.empty() ? "Subscribe failed" : outcome.detail;
      break;
  }
  r.nextCheckAt = nowMs + delay.count();
  return after;
}

}  // namespace enp
