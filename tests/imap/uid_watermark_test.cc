// Which mail is new after EXAMINE: the baseline, new UIDs and UIDVALIDITY changes.
#include "enp/source/imap/uid_watermark.h"

#include <gtest/gtest.h>

namespace enp::imap {
namespace {

TEST(UidWatermark, FirstConnectionSetsTheBaselineWithoutNotifying) {
  const MarkPlan plan = planFromMark(std::nullopt, MailboxState{77, 10, 9});
  EXPECT_TRUE(plan.rebaselined);
  EXPECT_FALSE(plan.fetchAfter.has_value());
  EXPECT_EQ((FolderMark{77, 9}), plan.mark);
}

TEST(UidWatermark, UidsAboveTheMarkAreFetched) {
  const MarkPlan plan = planFromMark(FolderMark{77, 9}, MailboxState{77, 12, 11});
  EXPECT_FALSE(plan.rebaselined);
  EXPECT_EQ(9u, plan.fetchAfter.value_or(0));
  EXPECT_EQ((FolderMark{77, 9}), plan.mark);
}

TEST(UidWatermark, NothingNewNothingFetched) {
  EXPECT_FALSE(planFromMark(FolderMark{77, 9}, MailboxState{77, 10, 9}).fetchAfter.has_value());
}

TEST(UidWatermark, UnknownUidNextAlwaysChecks) {
  EXPECT_EQ(9u, planFromMark(FolderMark{77, 9}, MailboxState{77, 0, 9}).fetchAfter.value_or(0));
}

TEST(UidWatermark, ChangedUidValidityRebaselinesSilently) {
  const MarkPlan plan = planFromMark(FolderMark{77, 9}, MailboxState{78, 3, 2});
  EXPECT_TRUE(plan.rebaselined);
  EXPECT_FALSE(plan.fetchAfter.has_value());
  EXPECT_EQ((FolderMark{78, 2}), plan.mark);
}

}  // namespace
}  // namespace enp::imap
