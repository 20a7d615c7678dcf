// The keeper's decisions, one row per case: what happens to a registration's subscription given
// its record, the clock and Exchange's answer.
#include "enp/source/ews/subscription_plan.h"

#include <gtest/gtest.h>

#include <limits>
#include <set>

namespace enp {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using Action = WatchStep::Action;
using State = SubscriptionState;

constexpr int64_t kNow = 1'800'000'000'000;
constexpr int64_t kMinute = 60'000;

WatchOptions options() {
  WatchOptions o;
  o.statusFrequency = minutes(15);
  o.grace = milliseconds(30'000);
  return o;
}

SubscriptionRecord record(State state, int64_t subscribedAt = 0, int attempts = 0) {
  SubscriptionRecord r;
  r.registrationId = "r1";
  r.state = state;
  r.subscriptionId = state == State::kPending ? "" : "sub-1";
  r.subscribedAt = subscribedAt;
  r.attempts = attempts;
  return r;
}

struct WatchCase {
  const char* what;
  bool enpManaged;
  std::optional<SubscriptionRecord> record;
  int64_t lastSeenAt;
  bool hasWatermark;
  Action action;
  bool withWatermark;
  State state;
  int64_t nextCheckAt;  // 0: not checked
};

TEST(SubscriptionPlan, WatchTable) {
  const int64_t staleAfter = 30 * kMinute + 30'000;
  const WatchCase cases[] = {
      {"an app-managed server: recorded, looked at hourly", false, std::nullopt, 0, false,
       Action::kSave, false, State::kAppManaged, kNow + 60 * kMinute},
      {"a server switched back to app: ENP stops watching", false, record(State::kFailing, 0, 3),
       kNow, true, Action::kSave, false, State::kAppManaged, kNow + 60 * kMinute},
      {"a new registration: subscribed fresh", true, std::nullopt, 0, false, Action::kSubscribe,
       false, State::kPending, kNow + 5 * kMinute},
      {"switched from app to enp: subscribed from the app's last watermark", true,
       record(State::kAppManaged), kNow - kMinute, true, Action::kSubscribe, true, State::kPending,
       0},
      {"active and heard from recently: next look when it would be stale", true,
       record(State::kActive, kNow - 60 * kMinute), kNow - 10 * kMinute, true, Action::kSave, false,
       State::kActive, kNow - 10 * kMinute + staleAfter},
      {"active, just subscribed, no callback yet: not stale", true,
       record(State::kActive, kNow - 5 * kMinute), 0, false, Action::kSave, false, State::kActive,
       kNow - 5 * kMinute + staleAfter},
      {"silent for 2 x StatusFrequency + grace: stale, resubscribed with the watermark", true,
       record(State::kActive, kNow - 120 * kMinute), kNow - staleAfter, true, Action::kSubscribe,
       true, State::kStale, kNow + 5 * kMinute},
      {"silent and never any watermark: resubscribed fresh", true,
       record(State::kActive, kNow - staleAfter), 0, false, Action::kSubscribe, false,
       State::kStale, 0},
      {"failing and due: tried again", true, record(State::kFailing, 0, 2), kNow - kMinute, true,
       Action::kSubscribe, true, State::kFailing, 0},
      {"left resubscribing by a stop: tried again", true, record(State::kResubscribing),
       kNow - kMinute, true, Action::kSubscribe, true, State::kResubscribing, 0},
      {"a missing mailbox: left alone", true, record(State::kMailboxMissing, 0, 3), 0, false,
       Action::kSave, false, State::kMailboxMissing, 0},
  };
  for (const WatchCase& c : cases) {
    WatchInput in;
    in.enpManaged = c.enpManaged;
    in.record = c.record;
    in.lastSeenAt = c.lastSeenAt;
    in.hasWatermark = c.hasWatermark;
    in.nowMs = kNow;
    const WatchStep step = planWatch(in, options());
    EXPECT_EQ(step.action, c.action) << c.what;
    EXPECT_EQ(step.withWatermark, c.withWatermark) << c.what;
    EXPECT_EQ(step.record.state, c.state) << c.what;
    if (c.nextCheckAt != 0) {
      EXPECT_EQ(step.record.nextCheckAt, c.nextCheckAt) << c.what;
    }
    if (c.state == State::kMailboxMissing) {
      EXPECT_GT(step.record.nextCheckAt, kNow + 365LL * 24 * 60 * kMinute) << c.what;
    }
  }
}

TEST(SubscriptionPlan, ASubscriptionIsActiveUntilTwiceItsFrequencyPlusGrace) {
  WatchInput in;
  in.enpManaged = true;
  in.record = record(State::kActive, kNow - 100 * kMinute);
  in.hasWatermark = true;
  WatchOptions o = options();
  o.statusFrequency = minutes(1);  // Exchange's shortest
  in.lastSeenAt = kNow - 2 * kMinute - 30'000 + 1;
  in.nowMs = kNow;
  EXPECT_EQ(planWatch(in, o).action, Action::kSave);
  in.nowMs = kNow + 1;
  EXPECT_EQ(planWatch(in, o).action, Action::kSubscribe);
}

struct OutcomeCase {
  const char* what;
  SubscribeEnd end;
  bool withWatermark;
  int attemptsBefore;
  State state;
  bool fresh;
  bool serverProblem;
  int64_t minDelay;  // ms after kNow
  int64_t maxDelay;
};

TEST(SubscriptionPlan, OutcomeTable) {
  const int64_t never = std::numeric_limits<int64_t>::max() / 4;
  const OutcomeCase cases[] = {
      {"subscribed", SubscribeEnd::kSubscribed, true, 4, State::kActive, false, false,
       30 * kMinute + 30'000, 30 * kMinute + 30'000},
      {"watermark unusable: fresh at once", SubscribeEnd::kWatermarkUnusable, true, 0,
       State::kResubscribing, true, false, 0, 0},
      {"watermark refused when none was sent: an error", SubscribeEnd::kWatermarkUnusable, false, 0,
       State::kFailing, false, false, 15'000, 30'000},
      {"busy: Exchange's back-off plus up to a fifth", SubscribeEnd::kServerBusy, true, 0,
       State::kFailing, false, false, 20'000, 24'000},
      {"mailbox moving", SubscribeEnd::kMailboxMoving, true, 0, State::kFailing, false, false,
       30'000, 60'000},
      {"impersonation denied: the server's problem", SubscribeEnd::kImpersonationDenied, true, 0,
       State::kFailing, false, true, 150'000, 300'000},
      {"401: the server's problem, back-off capped at an hour", SubscribeEnd::kUnauthorized, true,
       20, State::kFailing, false, true, 30 * kMinute, 60 * kMinute},
      {"unreachable", SubscribeEnd::kUnreachable, true, 1, State::kFailing, false, true, 15'000,
       30'000},
      {"missing mailbox, first time: tried again", SubscribeEnd::kMailboxMissing, true, 0,
       State::kFailing, false, false, 30'000, 60'000},
      {"missing mailbox, third time: given up", SubscribeEnd::kMailboxMissing, true, 2,
       State::kMailboxMissing, false, false, never, std::numeric_limits<int64_t>::max()},
      {"anything else", SubscribeEnd::kOther, true, 0, State::kFailing, false, false, 15'000,
       30'000},
  };
  for (const OutcomeCase& c : cases) {
    SubscribeOutcome out;
    out.end = c.end;
    out.subscriptionId = c.end == SubscribeEnd::kSubscribed ? "sub-2" : "";
    out.backOff = milliseconds(20'000);
    out.detail = "detail";
    const AfterSubscribe after = afterSubscribe(record(State::kStale, 0, c.attemptsBefore),
                                                c.withWatermark, out, kNow, options(), 42);
    EXPECT_EQ(after.record.state, c.state) << c.what;
    EXPECT_EQ(after.subscribeFresh, c.fresh) << c.what;
    EXPECT_EQ(!after.serverProblem.empty(), c.serverProblem) << c.what;
    if (!c.fresh) {
      EXPECT_GE(after.record.nextCheckAt - kNow, c.minDelay) << c.what;
      EXPECT_LE(after.record.nextCheckAt - kNow, c.maxDelay) << c.what;
    }
    if (c.state == State::kFailing || c.state == State::kMailboxMissing) {
      EXPECT_EQ(after.record.attempts, c.attemptsBefore + 1) << c.what;
      EXPECT_FALSE(after.record.failure.empty()) << c.what;
    }
  }
}

TEST(SubscriptionPlan, SuccessResetsTheFailureAndKeepsTheNewIdAndCookie) {
  SubscribeOutcome out;
  out.end = SubscribeEnd::kSubscribed;
  out.subscriptionId = "sub-2";
  out.affinityCookie = "cookie";
  SubscriptionRecord before = record(State::kFailing, 0, 5);
  before.failure = "Exchange unreachable";
  const AfterSubscribe after = afterSubscribe(before, true, out, kNow, options(), 1);
  EXPECT_EQ(after.record.subscriptionId, "sub-2");
  EXPECT_EQ(after.record.affinityCookie, "cookie");
  EXPECT_EQ(after.record.subscribedAt, kNow);
  EXPECT_EQ(after.record.attempts, 0);
  EXPECT_EQ(after.record.failure, "");
}

TEST(SubscriptionPlan, MailboxesThatFailedTogetherComeBackSpreadOut) {
  SubscribeOutcome out;
  out.end = SubscribeEnd::kUnreachable;
  std::set<int64_t> at;
  for (uint64_t seed = 0; seed < 100; ++seed) {
    at.insert(
        afterSubscribe(record(State::kStale), true, out, kNow, options(), seed).record.nextCheckAt);
  }
  EXPECT_GT(at.size(), 50u);
}

}  // namespace
}  // namespace enp
