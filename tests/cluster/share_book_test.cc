#include "enp/cluster/share_book.h"

#include <gtest/gtest.h>

#include <set>

#include "fake_clock.h"

namespace enp::cluster {
namespace {

using std::chrono::milliseconds;

TEST(ShareBookTest, AKeysShareIsStableAndKeysSpreadOverAllShares) {
  // Fixed values: every node and every version must agree on them.
  EXPECT_EQ(shareOf(""), 2166136261u % kKeyShares);
  EXPECT_EQ(shareOf("a"), static_cast<int>(0xe40c292cu % kKeyShares));
  std::set<int> seen;
  for (int i = 0; i < 2000; ++i) {
    const int s = shareOf("registration-" + std::to_string(i));
    ASSERT_GE(s, 0);
    ASSERT_LT(s, kKeyShares);
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kKeyShares));
  EXPECT_EQ(shareOf(SingleJob::kRetention), kKeyShares);
  EXPECT_EQ(shareOf(SingleJob::kAlertMail), kKeyShares + 1);
}

TEST(ShareBookTest, OneNodeOwnsEverythingWithoutAHeartbeat) {
  testsupport::FakeClock clock;
  ShareBook book(clock, ShareBook::Holding::kEverything);
  EXPECT_TRUE(book.owns("any registration"));
  EXPECT_TRUE(book.ownsJob(SingleJob::kAlertMail));
  book.dropAll();
  clock.advance(std::chrono::hours(24 * 365));
  EXPECT_TRUE(book.owns("any registration"));
  EXPECT_EQ(book.held().size(), static_cast<size_t>(kShareCount));
}

TEST(ShareBookTest, SharesHeldUntilTheLeaseRunsOutOrTheyAreDropped) {
  testsupport::FakeClock clock;
  ShareBook book(clock);
  EXPECT_FALSE(book.owns("r1"));
  const int s = shareOf("r1");
  book.hold({s, shareOf(SingleJob::kRetention)}, clock.nowMs() + 1000);
  EXPECT_EQ(book.generation(), 1u);
  EXPECT_TRUE(book.owns("r1"));
  EXPECT_TRUE(book.ownsJob(SingleJob::kRetention));
  EXPECT_FALSE(book.ownsJob(SingleJob::kAlertMail));
  book.hold({s, shareOf(SingleJob::kRetention)}, clock.nowMs() + 1000);
  EXPECT_EQ(book.generation(), 1u) << "the same shares renewed is no change";
  clock.advance(milliseconds(1000));
  EXPECT_FALSE(book.owns("r1")) << "a lease not renewed ends by itself";
  EXPECT_TRUE(book.held().empty());
  book.hold({s}, clock.nowMs() + 1000);
  EXPECT_EQ(book.generation(), 2u) << "shares back after a lapse are a change";
  book.drop(s);
  EXPECT_FALSE(book.owns("r1"));
  EXPECT_EQ(book.generation(), 3u);
}

}  // namespace
}  // namespace enp::cluster
