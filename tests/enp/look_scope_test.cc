#include "enp/common/look_scope.h"

#include <gtest/gtest.h>

namespace enp {
namespace {

using std::chrono::milliseconds;
constexpr int64_t kMargin = LookScope::kCreatedMarginMs;

TEST(LookScopeTest, TheFirstLookReadsEveryNewRegistrationThenOnlyThoseSinceTheLastLook) {
  LookScope looks(milliseconds(60'000));
  EXPECT_EQ(looks.begin(1'000'000, 0, 0), std::nullopt);
  looks.end(5, true);
  EXPECT_EQ(looks.begin(1'001'000, 1'000, 0), 1'000'000 - kMargin);
  looks.end(1'001, true);
  EXPECT_EQ(looks.begin(1'002'000, 2'000, 0), 1'001'000 - kMargin);
}

TEST(LookScopeTest, AFullLookAgainWhenPacedDueSharesMovedOrExpired) {
  LookScope looks(milliseconds(60'000));
  looks.begin(1'000'000, 0, 7);
  looks.end(10, true);
  EXPECT_NE(looks.begin(1'001'000, 1'000, 7), std::nullopt);
  looks.end(1'001, true);
  EXPECT_EQ(looks.begin(1'060'000, 60'000, 7), std::nullopt) << "a minute after the last";
  looks.end(60'001, true);
  EXPECT_EQ(looks.begin(1'061'000, 61'000, 8), std::nullopt) << "the shares changed";
  looks.end(61'001, true);
  EXPECT_NE(looks.begin(1'062'000, 62'000, 8), std::nullopt);
  looks.end(62'001, true);
  looks.expire();
  EXPECT_EQ(looks.begin(1'063'000, 63'000, 8), std::nullopt);
}

TEST(LookScopeTest, AnIncompleteLookIsReadAgainFromTheSamePoint) {
  LookScope looks(milliseconds(60'000));
  looks.begin(1'000'000, 0, 0);
  looks.end(10, false);  // its limit reached: more registrations than a look takes
  EXPECT_EQ(looks.begin(1'001'000, 1'000, 0), std::nullopt) << "full again";
  looks.end(1'010, true);
  EXPECT_EQ(looks.begin(1'002'000, 2'000, 0), 1'001'000 - kMargin);
  looks.end(2'001, false);
  EXPECT_EQ(looks.begin(1'003'000, 3'000, 0), 1'001'000 - kMargin) << "the same point";
}

TEST(LookScopeTest, ASlowFullLookIsSpacedByItsCost) {
  LookScope looks(milliseconds(60'000));
  looks.begin(0, 0, 0);
  looks.end(2'000, true);  // 2 s: the next full one 100 s after it ended
  EXPECT_NE(looks.begin(61'000, 61'000, 0), std::nullopt);
  looks.end(61'001, true);
  EXPECT_EQ(looks.begin(102'000, 102'000, 0), std::nullopt);
}

}  // namespace
}  // namespace enp
