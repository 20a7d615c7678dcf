#include "enp/decide/backoff.h"

#include <gtest/gtest.h>

#include <climits>
#include <set>

namespace enp {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, DoublesFromOneSecondUpToFiveMinutes) {
  const long long expected[] = {1000,  2000,   4000,   8000,   16000, 32000,
                                64000, 128000, 256000, 300000, 300000};
  for (int attempt = 1; attempt <= 11; ++attempt) {
    EXPECT_EQ(milliseconds(expected[attempt - 1]), backoffDelay(attempt)) << attempt;
  }
}

TEST(Backoff, OutOfRangeAttempts) {
  EXPECT_EQ(milliseconds(1000), backoffDelay(0));
  EXPECT_EQ(milliseconds(1000), backoffDelay(-7));
  EXPECT_EQ(milliseconds(300000), backoffDelay(1000));
  EXPECT_EQ(milliseconds(300000), backoffDelay(INT_MAX));
}

TEST(Backoff, CustomBaseAndCap) {
  BackoffOptions options;
  options.base = milliseconds(250);
  options.cap = milliseconds(1500);
  EXPECT_EQ(milliseconds(250), backoffDelay(1, options));
  EXPECT_EQ(milliseconds(1000), backoffDelay(3, options));
  EXPECT_EQ(milliseconds(1500), backoffDelay(4, options));
  options.cap = milliseconds(LLONG_MAX);
  EXPECT_EQ(milliseconds(LLONG_MAX), backoffDelay(INT_MAX, options));  // No overflow.
  options.base = milliseconds(0);
  EXPECT_EQ(milliseconds(0), backoffDelay(INT_MAX, options));
}

TEST(Backoff, JitterIsDeterministicAndWithinHalfToFull) {
  BackoffOptions options;
  options.jitter = true;
  std::set<long long> seen;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    options.jitterSeed = seed;
    for (int attempt = 1; attempt <= 12; ++attempt) {
      const milliseconds full = backoffDelay(attempt);
      const milliseconds delay = backoffDelay(attempt, options);
      EXPECT_GE(delay, full / 2);
      EXPECT_LE(delay, full);
      EXPECT_EQ(delay, backoffDelay(attempt, options));
      if (attempt == 4) {
        seen.insert(delay.count());
      }
    }
  }
  EXPECT_GT(seen.size(), 25u);  // Different seeds spread out.
}

}  // namespace
}  // namespace enp
