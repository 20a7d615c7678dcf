#include "enp/common/look_pacer.h"

#include <gtest/gtest.h>

namespace enp {
namespace {

using std::chrono::milliseconds;

TEST(LookPacerTest, DueBeforeTheFirstRun) {
  const LookPacer pacer(milliseconds(1000), 50);
  EXPECT_TRUE(pacer.due(0));
  EXPECT_TRUE(pacer.due(-5));
}

TEST(LookPacerTest, AQuickRunIsRepeatedAtTheFloor) {
  LookPacer pacer(milliseconds(1000), 50);
  pacer.ran(10'000, 10'002);  // 2 ms: 50 x 2 ms ends before the floor
  EXPECT_EQ(pacer.nextMs(), 11'000);
  EXPECT_FALSE(pacer.due(10'999));
  EXPECT_TRUE(pacer.due(11'000));
}

TEST(LookPacerTest, ASlowRunWaitsItsFactorAfterItEnded) {
  LookPacer pacer(milliseconds(1000), 50);
  pacer.ran(10'000, 10'600);  // 600 ms: the next after 30 s more, so ~2 % of one thread
  EXPECT_EQ(pacer.nextMs(), 10'600 + 30'000);
  EXPECT_FALSE(pacer.due(40'599));
  EXPECT_TRUE(pacer.due(40'600));
  pacer.ran(40'600, 40'601);  // quick again: back to the floor
  EXPECT_EQ(pacer.nextMs(), 41'600);
}

TEST(LookPacerTest, AClockThatWentBackCountsAsNoTime) {
  LookPacer pacer(milliseconds(1000), 50);
  pacer.ran(10'000, 9'000);
  EXPECT_EQ(pacer.nextMs(), 11'000);
}

TEST(LookPacerTest, ExpireMakesTheNextRunDueAtOnce) {
  LookPacer pacer(milliseconds(60'000), 50);
  pacer.ran(0, 10);
  EXPECT_FALSE(pacer.due(100));
  pacer.expire();
  EXPECT_TRUE(pacer.due(100));
}

}  // namespace
}  // namespace enp
