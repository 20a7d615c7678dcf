// The Graph keeper's decisions, table by table: pure functions of the record and the clock.
#include "enp/source/graph/graph_subscription_plan.h"

#include <gtest/gtest.h>

namespace enp {
namespace {

using Action = GraphStep::Action;
using End = GraphCallOutcome::End;
constexpr int64_t kNow = 1796040000000;
constexpr int64_t kMinute = 60'000;

GraphSubscriptionRecord active(int64_t renewAt, int64_t expiresAt) {
  GraphSubscriptionRecord r;
  r.registrationId = "reg-1";
  r.tenant = "online";
  r.state = GraphSubscriptionState::kActive;
  r.subscriptionId = "sub-1";
  r.createdAt = kNow - 10 * kMinute;
  r.renewAt = renewAt;
  r.expiresAt = expiresAt;
  r.nextCheckAt = renewAt;
  return r;
}

GraphCallOutcome ok(int64_t expiresAt, std::string id = "sub-2") {
  GraphCallOutcome o;
  o.end = End::kOk;
  o.subscriptionId = std::move(id);
  o.expiresAt = expiresAt;
  return o;
}

GraphCallOutcome failed(End end, std::chrono::milliseconds retryAfter = {}) {
  GraphCallOutcome o;
  o.end = end;
  o.retryAfter = retryAfter;
  o.detail = "HTTP 4xx";
  return o;
}

TEST(GraphPlan, WhatIsDoneWithARecord) {
  const GraphPlanOptions o;
  struct Case {
    const char* name;
    std::optional<GraphSubscriptionRecord> record;
    std::string tenant;
    Action action;
    bool catchUp;
  };
  GraphSubscriptionRecord reauthorize = active(kNow + kMinute, kNow + 2 * kMinute);
  reauthorize.lifecycle = GraphLifecycle::kReauthorize;
  GraphSubscriptionRecord removed = active(kNow + kMinute, kNow + 2 * kMinute);
  removed.lifecycle = GraphLifecycle::kRecreate;
  GraphSubscriptionRecord missed = active(kNow + kMinute, kNow + 2 * kMinute);
  missed.lifecycle = GraphLifecycle::kCatchUp;
  GraphSubscriptionRecord failingCreate;
  failingCreate.tenant = "online";
  failingCreate.state = GraphSubscriptionState::kFailing;
  GraphSubscriptionRecord failingRenew = active(kNow - kMinute, kNow + kMinute);
  failingRenew.state = GraphSubscriptionState::kFailing;
  GraphSubscriptionRecord missing;
  missing.tenant = "online";
  missing.state = GraphSubscriptionState::kMailboxMissing;
  const Case cases[] = {
      {"never subscribed", std::nullopt, "online", Action::kCreate, false},
      {"before half its lifetime", active(kNow + kMinute, kNow + 2 * kMinute), "online",
       Action::kSave, false},
      {"at half its lifetime", active(kNow, kNow + kMinute), "online", Action::kRenew, false},
      {"reauthorizationRequired", reauthorize, "online", Action::kRenew, false},
      {"subscriptionRemoved", removed, "online", Action::kCreate, true},
      {"missed", missed, "online", Action::kCatchUp, false},
      {"expired while ENP was away", active(kNow - 2 * kMinute, kNow - kMinute), "online",
       Action::kCreate, true},
      {"its domain moved to another tenant", active(kNow + kMinute, kNow + 2 * kMinute), "other",
       Action::kCreate, false},
      {"a create that failed", failingCreate, "online", Action::kCreate, false},
      {"a renewal that failed, still alive", failingRenew, "online", Action::kRenew, false},
      {"a mailbox that does not exist", missing, "online", Action::kSave, false},
  };
  for (const Case& c : cases) {
    const GraphStep step = planGraph(c.record, c.tenant, kNow, o);
    EXPECT_EQ(step.action, c.action) << c.name;
    EXPECT_EQ(step.catchUp, c.catchUp) << c.name;
    if (c.action == Action::kCreate || c.action == Action::kRenew) {
      EXPECT_EQ(step.record.state, GraphSubscriptionState::kRenewing) << c.name;
      EXPECT_EQ(step.record.nextCheckAt, kNow + o.inFlightLease.count()) << c.name;
      EXPECT_EQ(step.record.tenant, c.tenant) << c.name;
    }
  }
  EXPECT_EQ(
      planGraph(active(kNow + kMinute, kNow + 2 * kMinute), "online", kNow, o).record.nextCheckAt,
      kNow + kMinute);
  EXPECT_EQ(planGraph(missed, "online", kNow, o).record.lifecycle, GraphLifecycle::kNone);
  EXPECT_GT(planGraph(missing, "online", kNow, o).record.nextCheckAt, kNow + 365LL * 86400'000);
}

TEST(GraphPlan, ASuccessIsRenewedAtHalfTheLifetimeGraphGranted) {
  const GraphPlanOptions o;
  GraphSubscriptionRecord before;
  before.registrationId = "reg-1";
  before.tenant = "online";
  before.attempts = 2;
  before.failure = "Graph unreachable";
  // Asked for 10070 minutes, granted 6 seconds: renewed after 3.
  GraphAfter after = afterGraphCall(before, Action::kCreate, ok(kNow + 6000), kNow, o, 1);
  EXPECT_EQ(after.record.state, GraphSubscriptionState::kActive);
  EXPECT_EQ(after.record.subscriptionId, "sub-2");
  EXPECT_EQ(after.record.createdAt, kNow);
  EXPECT_EQ(after.record.expiresAt, kNow + 6000);
  EXPECT_EQ(after.record.renewAt, kNow + 3000);
  EXPECT_EQ(after.record.nextCheckAt, kNow + 3000);
  EXPECT_EQ(after.record.attempts, 0);
  EXPECT_EQ(after.record.failure, "");
  // Granted three days on renewal: renewed after a day and a half.
  GraphSubscriptionRecord renewing = active(kNow, kNow + kMinute);
  renewing.lifecycle = GraphLifecycle::kReauthorize;
  after = afterGraphCall(renewing, Action::kRenew, ok(kNow + 3 * 86400'000, ""), kNow, o, 1);
  EXPECT_EQ(after.record.subscriptionId, "sub-1");  // a renewal keeps the id
  EXPECT_EQ(after.record.renewAt, kNow + 3 * 86400'000 / 2);
  EXPECT_EQ(after.record.lifecycle, GraphLifecycle::kNone);
}

TEST(GraphPlan, ARenewalThatFindsItGoneCreatesAgain) {
  const GraphAfter after = afterGraphCall(active(kNow, kNow + kMinute), Action::kRenew,
                                          failed(End::kNotFound), kNow, {}, 1);
  EXPECT_TRUE(after.recreate);
  EXPECT_EQ(after.record.state, GraphSubscriptionState::kRenewing);
  // A create that gets 404 is only a failure.
  EXPECT_FALSE(afterGraphCall({}, Action::kCreate, failed(End::kNotFound), kNow, {}, 1).recreate);
}

TEST(GraphPlan, FailuresBackOffAndNameTheTenantsProblem) {
  const GraphPlanOptions o;
  GraphSubscriptionRecord before;
  before.tenant = "online";
  GraphAfter busy = afterGraphCall(before, Action::kCreate,
                                   failed(End::kBusy, std::chrono::seconds(30)), kNow, o, 7);
  EXPECT_EQ(busy.record.state, GraphSubscriptionState::kFailing);
  EXPECT_GE(busy.record.nextCheckAt, kNow + 30'000);  // Retry-After honoured
  EXPECT_LE(busy.record.nextCheckAt, kNow + 36'000);
  EXPECT_EQ(busy.tenantProblem, "");
  GraphAfter auth = afterGraphCall(before, Action::kCreate, failed(End::kAuth), kNow, o, 7);
  EXPECT_EQ(auth.tenantProblem, "credentials or permissions refused");
  EXPECT_GE(auth.record.nextCheckAt, kNow + 150'000);
  GraphAfter validation =
      afterGraphCall(before, Action::kCreate, failed(End::kValidationFailed), kNow, o, 7);
  EXPECT_EQ(validation.tenantProblem, "notification URL not validated");
  EXPECT_NE(validation.record.failure.find("publicly trusted certificate"), std::string::npos);
  // Attempts grow the delay.
  GraphAfter first = afterGraphCall(before, Action::kCreate, failed(End::kUnreachable), kNow, o, 7);
  GraphSubscriptionRecord thrice = before;
  thrice.attempts = 3;
  GraphAfter fourth =
      afterGraphCall(thrice, Action::kCreate, failed(End::kUnreachable), kNow, o, 7);
  EXPECT_EQ(first.record.attempts, 1);
  EXPECT_EQ(fourth.record.attempts, 4);
  EXPECT_GT(fourth.record.nextCheckAt, first.record.nextCheckAt);
  // A failed renewal is tried again before the subscription expires.
  GraphAfter renewal = afterGraphCall(active(kNow, kNow + 20'000), Action::kRenew,
                                      failed(End::kUnreachable, {}), kNow, o, 7);
  EXPECT_LE(renewal.record.nextCheckAt, kNow + 10'000);
  EXPECT_EQ(renewal.record.subscriptionId, "sub-1");
  // A throttled renewal too, but never before the Retry-After Graph asked for.
  GraphAfter throttled = afterGraphCall(active(kNow, kNow + 20'000), Action::kRenew,
                                        failed(End::kBusy, std::chrono::seconds(8)), kNow, o, 7);
  EXPECT_GE(throttled.record.nextCheckAt, kNow + 8'000);
  EXPECT_LT(throttled.record.nextCheckAt, kNow + 20'000);
  GraphAfter throttledShort =
      afterGraphCall(active(kNow, kNow + 20'000), Action::kRenew,
                     failed(End::kBusy, std::chrono::seconds(2)), kNow, o, 7);
  EXPECT_GE(throttledShort.record.nextCheckAt, kNow + 2'000);
}

TEST(GraphPlan, AMissingMailboxIsGivenUpAfterThreeAttempts) {
  GraphSubscriptionRecord r;
  r.tenant = "online";
  for (int i = 0; i < 3; ++i) {
    r = afterGraphCall(r, Action::kCreate, failed(End::kNoMailbox), kNow, {}, 1).record;
  }
  EXPECT_EQ(r.state, GraphSubscriptionState::kMailboxMissing);
  EXPECT_EQ(r.attempts, 3);
}

TEST(GraphPlan, AFailedCatchUpIsOwedAndDueAgainAfterABackOff) {
  const GraphSubscriptionRecord r = active(kNow + 100 * kMinute, kNow + 200 * kMinute);
  // Graph said when: no sooner, and at most a fifth later.
  GraphSubscriptionRecord owed = owedCatchUp(r, 1, std::chrono::seconds(7), kNow, 42);
  EXPECT_EQ(owed.lifecycle, GraphLifecycle::kCatchUp);
  EXPECT_GE(owed.nextCheckAt, kNow + 7000);
  EXPECT_LE(owed.nextCheckAt, kNow + 8400);
  // Graph did not say: 15–30 s, doubling with the failures, at most 30 minutes.
  owed = owedCatchUp(r, 1, {}, kNow, 42);
  EXPECT_GE(owed.nextCheckAt, kNow + 15'000);
  EXPECT_LE(owed.nextCheckAt, kNow + 30'000);
  owed = owedCatchUp(r, 3, {}, kNow, 42);
  EXPECT_GE(owed.nextCheckAt, kNow + 60'000);
  EXPECT_LE(owed.nextCheckAt, kNow + 120'000);
  owed = owedCatchUp(r, 40, {}, kNow, 42);
  EXPECT_GE(owed.nextCheckAt, kNow + 15 * kMinute);
  EXPECT_LE(owed.nextCheckAt, kNow + 30 * kMinute);
  // A check due sooner (a renewal) stays: the plan renews first, then catches up.
  GraphSubscriptionRecord soon = active(kNow + 5000, kNow + 200 * kMinute);
  EXPECT_EQ(owedCatchUp(soon, 1, {}, kNow, 42).nextCheckAt, kNow + 5000);
  // Planned when due: the catch-up, the lifecycle cleared.
  owed = owedCatchUp(r, 1, {}, kNow, 42);
  const GraphStep step = planGraph(owed, "online", owed.nextCheckAt, GraphPlanOptions{});
  EXPECT_EQ(step.action, Action::kCatchUp);
  EXPECT_EQ(step.record.lifecycle, GraphLifecycle::kNone);
}

}  // namespace
}  // namespace enp
