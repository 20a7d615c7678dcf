#include "enp/decide/retry_policy.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace enp {
namespace {

using std::chrono::milliseconds;
using Verdict = RetryDecision::Verdict;

Failure failure(FailureKind kind, const std::string& system = "exchange",
                milliseconds retryAfter = milliseconds(0)) {
  Failure f;
  f.kind = kind;
  f.system = system;
  f.detail = "detail";
  f.retryAfter = retryAfter;
  return f;
}

// One row of DESIGN §6.3 as the policy answers it, rendered as a string (leveldb's habit):
// "verdict delay-range rule alert upstream".
struct Row {
  const char* name;
  Failure failure;
  int attempt;
  Verdict verdict;
  int64_t minDelayMs;  // inclusive, over many jitter seeds
  int64_t maxDelayMs;
  const char* rule;
  const char* alert;
  bool upstreamDown;
};

void PrintTo(const Row& row, std::ostream* os) { *os << row.name; }

class RetryPolicyTable : public ::testing::TestWithParam<Row> {};

TEST_P(RetryPolicyTable, Decides) {
  const Row& row = GetParam();
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  std::set<int64_t> distinct;
  for (uint64_t seed = 0; seed < 500; ++seed) {
    const RetryDecision d = decideRetry(row.failure, row.attempt, seed);
    ASSERT_EQ(d.verdict, row.verdict);
    EXPECT_EQ(d.rule, row.rule);
    EXPECT_EQ(d.alert, row.alert);
    EXPECT_EQ(d.upstreamDown, row.upstreamDown);
    if (d.verdict == Verdict::kRetry) {
      lo = std::min<int64_t>(lo, d.delay.count());
      hi = std::max<int64_t>(hi, d.delay.count());
      distinct.insert(d.delay.count());
      EXPECT_EQ(decideRetry(row.failure, row.attempt, seed).delay, d.delay) << "deterministic";
    } else {
      EXPECT_FALSE(d.reason.empty());
    }
  }
  if (row.verdict == Verdict::kRetry) {
    EXPECT_GE(lo, row.minDelayMs);
    EXPECT_LE(hi, row.maxDelayMs);
    // Mails that failed together are spread out, not retried in the same millisecond.
    EXPECT_GT(distinct.size(), 100u) << "jitter";
  }
}

const int64_t kFiveMinutes = 300000;

INSTANTIATE_TEST_SUITE_P(
    Design63, RetryPolicyTable,
    ::testing::Values(
        Row{"ServerBusyWaitsBackOffMilliseconds",
            failure(FailureKind::kBusy, "exchange", milliseconds(5000)), 1, Verdict::kRetry, 5000,
            6000, "", "", false},
        Row{"BusyWithoutAskWaitsAtLeastASecond", failure(FailureKind::kBusy), 3, Verdict::kRetry,
            1000, 1200, "", "", false},
        Row{"BusyAskIsCutToAnHour", failure(FailureKind::kBusy, "cns", std::chrono::hours(30)), 1,
            Verdict::kRetry, 3600000, 4320000, "", "", false},
        Row{"UnreachableBacksOffFromTwoSeconds", failure(FailureKind::kUnreachable), 1,
            Verdict::kRetry, 1000, 2000, "", "", true},
        Row{"UnreachableFourthAttemptSixteenSeconds", failure(FailureKind::kUnreachable), 4,
            Verdict::kRetry, 8000, 16000, "", "", true},
        Row{"UnreachableCappedAtFiveMinutes", failure(FailureKind::kUnreachable), 40,
            Verdict::kRetry, kFiveMinutes / 2, kFiveMinutes, "", "", true},
        Row{"RetryAfterIsHonoured", failure(FailureKind::kUnreachable, "cns", milliseconds(7000)),
            1, Verdict::kRetry, 7000, 8400, "", "", true},
        Row{"AuthAlertsAndRetriesInFiveMinutes", failure(FailureKind::kAuth), 1, Verdict::kRetry,
            kFiveMinutes * 9 / 10, kFiveMinutes * 11 / 10, "", "exchange-auth", true},
        Row{"NotConfiguredAlertsConfig", failure(FailureKind::kNotConfigured, "cns"), 2,
            Verdict::kRetry, kFiveMinutes * 9 / 10, kFiveMinutes * 11 / 10, "", "config", false},
        Row{"ProtocolMismatchRetriesLater", failure(FailureKind::kProtocol), 1, Verdict::kRetry,
            kFiveMinutes * 9 / 10, kFiveMinutes * 11 / 10, "", "", false},
        Row{"ItemGoneIsDropped", failure(FailureKind::kItemGone), 1, Verdict::kDrop, 0, 0,
            "item-gone", "", false},
        Row{"BadItemIdIsDropped", failure(FailureKind::kBadItem), 1, Verdict::kDrop, 0, 0,
            "bad-item-id", "", false},
        Row{"NoMailboxIsDroppedWithAnAlert", failure(FailureKind::kNoMailbox), 1, Verdict::kDrop, 0,
            0, "no-mailbox", "mailbox", false},
        Row{"CnsRefusalIsDeadLetteredWithAnAlert", failure(FailureKind::kRefused, "cns"), 1,
            Verdict::kDeadLetter, 0, 0, "cns-refused", "cns", false}),
    [](const ::testing::TestParamInfo<Row>& row) { return std::string(row.param.name); });

TEST(RetryPolicy, JitterWithinStaysInItsSpan) {
  for (uint64_t seed = 0; seed < 1000; ++seed) {
    const auto j = jitterWithin(milliseconds(1000), seed);
    EXPECT_GE(j.count(), 0);
    EXPECT_LE(j.count(), 1000);
  }
  EXPECT_EQ(jitterWithin(milliseconds(0), 42).count(), 0);
  EXPECT_EQ(jitterWithin(milliseconds(-5), 42).count(), 0);
}

TEST(RetryPolicy, EveryKindHasAName) {
  for (FailureKind k : {FailureKind::kBusy, FailureKind::kUnreachable, FailureKind::kAuth,
                        FailureKind::kNotConfigured, FailureKind::kItemGone, FailureKind::kBadItem,
                        FailureKind::kNoMailbox, FailureKind::kRefused, FailureKind::kProtocol}) {
    EXPECT_STRNE(toString(k), "unknown");
  }
}

}  // namespace
}  // namespace enp
