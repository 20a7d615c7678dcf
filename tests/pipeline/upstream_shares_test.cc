#include "enp/pipeline/upstream_shares.h"

#include <gtest/gtest.h>

namespace enp {
namespace {

TEST(UpstreamShares, RegistrationsOfOneUpstreamShareItsGroup) {
  UpstreamShares shares;
  EXPECT_FALSE(shares.groupOf("r1").has_value());
  const size_t a = shares.learn("r1", "exchange:ex1");
  EXPECT_EQ(shares.learn("r2", "exchange:ex1"), a);
  const size_t b = shares.learn("r3", "exchange:ex2");
  EXPECT_NE(a, b);
  EXPECT_NE(a, UpstreamShares::kUnknown);
  EXPECT_EQ(shares.groupOf("r2"), a);
  EXPECT_EQ(shares.groupOf("r3"), b);
  // A registration without an upstream (revoked, no server for it) is a group of its own.
  const size_t none = shares.learn("r4", "");
  EXPECT_NE(none, a);
  EXPECT_NE(none, UpstreamShares::kUnknown);
}

TEST(UpstreamShares, TheFewestRunningAmongGroupsWithMailReady) {
  UpstreamShares shares;
  const size_t slow = shares.learn("r1", "exchange:slow");
  const size_t fast = shares.learn("r2", "exchange:fast");
  EXPECT_FALSE(shares.fewestActiveWithReady().has_value());
  for (int i = 0; i < 4; ++i) {
    shares.started(slow);
  }
  shares.readyAdded(slow);
  EXPECT_EQ(shares.fewestActiveWithReady(), 4u);
  shares.readyAdded(fast);  // nothing of it running: it comes first
  EXPECT_EQ(shares.fewestActiveWithReady(), 0u);
  shares.readyTaken(fast);
  shares.started(fast);
  EXPECT_EQ(shares.fewestActiveWithReady(), 4u);  // only the slow one has mail ready
  shares.ended(fast);
  shares.readyCleared();
  EXPECT_FALSE(shares.fewestActiveWithReady().has_value());
  EXPECT_EQ(shares.active(slow), 4u);
}

TEST(UpstreamShares, TheSlotsAreSharedAmongTheUpstreamsWithWork) {
  UpstreamShares shares;
  const size_t slow = shares.learn("r1", "exchange:slow");
  const size_t fast = shares.learn("r2", "exchange:fast");
  const size_t third = shares.learn("r3", "exchange:third");
  EXPECT_EQ(shares.busy(), 0u);
  EXPECT_EQ(shares.share(slow, 64), 64u);  // alone, every slot
  for (int i = 0; i < 64; ++i) {
    shares.started(slow);
  }
  EXPECT_EQ(shares.busy(), 1u);
  EXPECT_EQ(shares.share(slow, 64), 64u);
  EXPECT_EQ(shares.share(fast, 64), 32u);  // counted with the slow one
  EXPECT_EQ(shares.shareOfBusy(64), 64u);
  shares.readyAdded(fast);
  EXPECT_EQ(shares.busy(), 2u);
  EXPECT_EQ(shares.share(fast, 64), 32u);
  EXPECT_EQ(shares.share(third, 64), 21u);
  shares.readyTaken(fast);
  shares.started(fast);
  shares.readyAdded(third);
  EXPECT_EQ(shares.busy(), 3u);
  EXPECT_EQ(shares.share(slow, 64), 21u);
  EXPECT_EQ(shares.share(fast, 2), 1u);  // never none
  EXPECT_EQ(shares.shareOfBusy(64), 21u);
  EXPECT_EQ(shares.shareOfBusy(2), 1u);
}

TEST(UpstreamShares, AfterASettingsChangeEachRegistrationIsLookedUpAgain) {
  UpstreamShares shares;
  const size_t a = shares.learn("r1", "exchange:ex1");
  shares.started(a);
  shares.forgetRegistrations();
  EXPECT_FALSE(shares.groupOf("r1").has_value());
  EXPECT_EQ(shares.active(a), 1u);                      // its batch still runs
  const size_t b = shares.learn("r1", "exchange:ex2");  // its domain moved
  EXPECT_NE(b, a);
  EXPECT_EQ(shares.learn("r2", "exchange:ex1"), a);  // the groups stay
}

TEST(UpstreamShares, ItsMemoryOfRegistrationsIsBounded) {
  UpstreamShares shares(2);
  const size_t a = shares.learn("r1", "exchange:ex1");
  shares.learn("r2", "exchange:ex1");
  shares.started(a);
  shares.learn("r3", "exchange:ex1");  // the third: the memory starts over
  EXPECT_FALSE(shares.groupOf("r1").has_value());
  EXPECT_EQ(shares.groupOf("r3"), a);
  EXPECT_EQ(shares.active(a), 1u);  // the counts stay
}

}  // namespace
}  // namespace enp
