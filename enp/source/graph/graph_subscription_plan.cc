#include "enp/source/graph/graph_subscription_plan.h"

#include <algorithm>
#include <limits>

#include "enp/decide/backoff.h"

namespace enp {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr int64_t kNever = std::numeric_limits<int64_t>::max() / 2;

milliseconds retryDelay(int attempt, milliseconds base, milliseconds cap, uint64_t seed) {
  BackoffOptions o;
  o.base = base;
  o.cap = cap;
  o.jitter = true;
  o.jitterSeed = seed;
  return backoffDelay(attempt, o);
}

std::string withDetail(std::string text, const GraphCallOutcome& o) {
  return o.detail.empty() ? text : text + " (" + o.detail + ")";
}

}  // namespace

GraphStep planGraph(const std::optional<GraphSubscriptionRecord>& record, const std::string& tenant,
                    int64_t nowMs, const GraphPlanOptions& options) {
  GraphStep step;
  step.record = record.value_or(GraphSubscriptionRecord{});
  GraphSubscriptionRecord& r = step.record;
  const int64_t lease = nowMs + options.inFlightLease.count();
  const bool alive = !r.subscriptionId.empty() && nowMs < r.expiresAt && r.tenant == tenant;
  if (r.state == GraphSubscriptionState::kMailboxMissing && r.tenant == tenant) {
    r.nextCheckAt = kNever;
    return step;
  }
  if (!alive || r.lifecycle == GraphLifecycle::kRecreate) {
    // Never made, expired while ENP could not renew it, made in another tenant, or removed.
    step.action = GraphStep::Action::kCreate;
    step.catchUp = !r.subscriptionId.empty();
    if (r.tenant != tenant) {
      r.attempts = 0;
      r.tenant = tenant;
      step.catchUp = false;
    }
  } else if (r.lifecycle == GraphLifecycle::kReauthorize || nowMs >= r.renewAt ||
             r.state == GraphSubscriptionState::kFailing ||
             r.state == GraphSubscriptionState::kRenewing) {
    step.action = GraphStep::Action::kRenew;
  } else if (r.lifecycle == GraphLifecycle::kCatchUp) {
    step.action = GraphStep::Action::kCatchUp;
    r.lifecycle = GraphLifecycle::kNone;
    r.nextCheckAt = r.renewAt;
    return step;
  } else {
    r.nextCheckAt = r.renewAt;
    return step;
  }
  r.state = GraphSubscriptionState::kRenewing;
  r.nextCheckAt = lease;
  return step;
}

GraphAfter afterGraphCall(const GraphSubscriptionRecord& before, GraphStep::Action action,
                          const GraphCallOutcome& outcome, int64_t nowMs,
                          const GraphPlanOptions& options, uint64_t seed) {
  GraphAfter after;
  GraphSubscriptionRecord& r = after.record;
  r = before;
  using End = GraphCallOutcome::End;
  if (outcome.end == End::kOk) {
    r.state = GraphSubscriptionState::kActive;
    if (action == GraphStep::Action::kCreate) {
      r.subscriptionId = outcome.subscriptionId;
      r.createdAt = nowMs;
    }
    // Half of what Graph granted, whatever its maximum is today.
    r.expiresAt = outcome.expiresAt;
    r.renewAt = nowMs + std::max<int64_t>(0, (outcome.expiresAt - nowMs) / 2);
    r.nextCheckAt = r.renewAt;
    r.attempts = 0;
    r.failure.clear();
    if (r.lifecycle != GraphLifecycle::kCatchUp) {  // a catch-up is still to do
      r.lifecycle = GraphLifecycle::kNone;
    }
    return after;
  }
  if (outcome.end == End::kNotFound && action == GraphStep::Action::kRenew) {
    r.state = GraphSubscriptionState::kRenewing;
    r.failure = "the subscription was gone at Graph (404): creating a new one";
    after.recreate = true;
    return after;
  }
  r.state = GraphSubscriptionState::kFailing;
  r.attempts = before.attempts + 1;
  milliseconds delay{0};
  switch (outcome.end) {
    case End::kBusy: {
      const milliseconds wait = std::max<milliseconds>(outcome.retryAfter, seconds(1));
      delay = wait + retryDelay(1, wait / 5, wait / 5, seed);
      r.failure = withDetail("Graph is throttling ENP: retrying later", outcome);
      break;
    }
    case End::kValidationFailed:
      delay = retryDelay(r.attempts, minutes(5), minutes(60), seed);
      r.failure = withDetail(
          "Graph could not validate the notification URL: it must be reachable from the "
          "internet over HTTPS with a publicly trusted certificate (graph[].notificationBaseUrl)",
          outcome);
      after.tenantProblem = "notification URL not validated";
      break;
    case End::kAuth:
      delay = retryDelay(r.attempts, minutes(5), minutes(60), seed);
      r.failure = withDetail(
          outcome.advice.empty() ? "Graph refused ENP's credentials or rights" : outcome.advice,
          outcome);
      after.tenantProblem = "credentials or permissions refused";
      break;
    case End::kNoMailbox:
      r.failure = withDetail("the mailbox does not exist in Exchange Online", outcome);
      if (r.attempts >= options.missingMailboxAttempts) {
        r.state = GraphSubscriptionState::kMailboxMissing;
        r.nextCheckAt = kNever;
        return after;
      }
      delay = retryDelay(r.attempts, minutes(1), minutes(30), seed);
      break;
    case End::kUnreachable:
      delay = retryDelay(r.attempts, seconds(15), minutes(15), seed);
      r.failure = withDetail("Graph unreachable", outcome);
      after.tenantProblem = "unreachable";
      break;
    case End::kOk:
    case End::kNotFound:
    case End::kOther:
      delay = retryDelay(r.attempts, seconds(30), minutes(60), seed);
      r.failure = withDetail("the subscription call failed", outcome);
      break;
  }
  r.nextCheckAt = nowMs + delay.count();
  if (action == GraphStep::Action::kRenew && !r.subscriptionId.empty() && r.expiresAt > nowMs) {
    // Renewal failed, the subscription lives on: try again before it expires, but never before
    // the Retry-After Graph asked for.
    r.nextCheckAt = std::min(r.nextCheckAt, std::max(nowMs + 1000, (nowMs + r.expiresAt) / 2));
    if (outcome.end == End::kBusy) {
      r.nextCheckAt = std::max(r.nextCheckAt, nowMs + outcome.retryAfter.count());
    }
  }
  return after;
}

GraphSubscriptionRecord owedCatchUp(GraphSubscriptionRecord record, int failures,
                                    milliseconds retryAfter, int64_t nowMs, uint64_t seed) {
  const milliseconds delay =
      retryAfter.count() > 0 ? retryAfter + retryDelay(1, retryAfter / 5, retryAfter / 5, seed)
                             : retryDelay(std::max(1, failures), seconds(30), minutes(30), seed);
  record.lifecycle = GraphLifecycle::kCatchUp;
  record.nextCheckAt = std::min(record.nextCheckAt, nowMs + delay.count());
  return record;
}

}  // namespace enp
