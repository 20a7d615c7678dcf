#include "enp/pipeline/in_flight_limit.h"

#include <gtest/gtest.h>

namespace enp {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

InFlightLimit::Options options() {
  InFlightLimit::Options o;
  o.max = 1024;
  o.min = 64;
  o.initial = 256;
  o.tolerance = 2.0;
  o.window = milliseconds(100);
  o.minSamples = 8;
  return o;
}

// Feeds the limit windows of batches, ten seconds apart (longer than any window here).
struct Feed {
  InFlightLimit& limit;
  int64_t nowUs = 0;
  // Eight batches of `events` that took `took` each; `heldBack`: the limit kept ready batches
  // waiting. Ten seconds a window: 0.8 events per second and per event in a batch.
  void window(microseconds took, bool heldBack, int events = 1) {
    nowUs += 10'000'000;
    for (int i = 0; i < 8; ++i) {
      if (heldBack) {
        limit.onHeldBack();
      }
      limit.onFinished(nowUs, took, events);
    }
  }
};

TEST(InFlightLimit, StartsAtItsInitialValueWithinTheBounds) {
  EXPECT_EQ(InFlightLimit(options()).current(), 256);
  InFlightLimit::Options small = options();
  small.max = 10;
  EXPECT_EQ(InFlightLimit(small).current(), 10);
  InFlightLimit::Options zero = options();
  zero.max = 0;
  zero.min = 0;
  EXPECT_EQ(InFlightLimit(zero).current(), 1);  // never below one
}

TEST(InFlightLimit, DoublesWhileBatchesWaitAndTakeNoLongerThanTheirBaselineUpToTheMaximum) {
  InFlightLimit l(options());
  Feed f{l};
  f.window(milliseconds(300), true);
  EXPECT_GE(l.baseline(), milliseconds(300));
  EXPECT_LT(l.baseline(), milliseconds(301));  // (it creeps up by 0.1 % a window)
  EXPECT_EQ(l.current(), 512);
  f.window(milliseconds(400), true);  // within twice the baseline: the servers, not a queue
  EXPECT_EQ(l.current(), 1024);
  f.window(milliseconds(300), true);
  EXPECT_EQ(l.current(), 1024);
}

TEST(InFlightLimit, StaysWhereItIsWhenItHeldNothingBack) {
  InFlightLimit l(options());
  Feed f{l};
  for (int i = 0; i < 5; ++i) {
    f.window(milliseconds(5), false);
  }
  EXPECT_EQ(l.current(), 256);
}

TEST(InFlightLimit, BatchesTakingLongerAsItGrowsCutItByAFifthThenItGrowsByAnEighth) {
  InFlightLimit l(options());
  Feed f{l};
  f.window(milliseconds(2), true);  // baseline 2 ms
  ASSERT_EQ(l.current(), 512);
  f.window(milliseconds(100), true);  // queued behind the others: cut
  EXPECT_EQ(l.current(), 512 - 512 / 5);
  f.window(milliseconds(100), true);
  EXPECT_EQ(l.current(), 410 - 410 / 5);
  f.window(microseconds(3000), true);  // caught up: grows again, by an eighth
  EXPECT_EQ(l.current(), 328 + 328 / 8);
}

TEST(InFlightLimit, NeverFallsBelowTheMinimumAndTakesATimeStillTooLongThereAsTheServers) {
  InFlightLimit l(options());
  Feed f{l};
  f.window(milliseconds(10), true);  // baseline 10 ms
  ASSERT_EQ(l.current(), 512);
  for (int i = 0; i < 10; ++i) {
    f.window(milliseconds(300), true);  // Exchange became slow: cut after cut
  }
  EXPECT_EQ(l.current(), 64);
  EXPECT_LT(l.baseline(), milliseconds(11));
  f.window(milliseconds(300), true);
  EXPECT_EQ(l.current(), 64);
  EXPECT_GE(l.baseline(), milliseconds(300));  // as slow at the minimum: learned
  f.window(milliseconds(300), true);
  EXPECT_EQ(l.current(), 72);  // and it grows again
}

TEST(InFlightLimit, AWindowNeedsEnoughBatchesAndLastsAtLeastABatchsTime) {
  InFlightLimit l(options());
  for (int i = 0; i < 7; ++i) {
    l.onHeldBack();
    l.onFinished(0, milliseconds(500));
  }
  EXPECT_EQ(l.current(), 256);  // seven batches say nothing yet
  l.onFinished(0, milliseconds(500));
  EXPECT_EQ(l.current(), 512);
  // The next window ends 500 ms (a batch's time) later, not 100 ms: what the change did shows
  // only once the batches it let in are done.
  for (int i = 0; i < 20; ++i) {
    l.onHeldBack();
    l.onFinished(400'000, milliseconds(5000));
  }
  EXPECT_EQ(l.current(), 512);
  l.onFinished(500'000, milliseconds(5000));
  EXPECT_EQ(l.current(), 512 - 512 / 5);
}

TEST(InFlightLimit, AGrowthAfterWhichNoMoreEventsFinishIsUndoneAndItGrowsByAnEighthThen) {
  InFlightLimit l(options());
  Feed f{l};
  f.window(milliseconds(5), true, 4);  // the first window: its growth is not judged
  ASSERT_EQ(l.current(), 512);
  f.window(milliseconds(5), true, 4);
  ASSERT_EQ(l.current(), 1024);
  f.window(milliseconds(5), true, 4);  // still batches started before the growth: no verdict
  EXPECT_EQ(l.current(), 1024);
  f.window(milliseconds(5), true, 5);  // +25 %, where a doubling must bring +50 %: undone
  EXPECT_EQ(l.current(), 512);
  f.window(milliseconds(5), true, 5);
  ASSERT_EQ(l.current(), 512 + 512 / 8);
  f.window(milliseconds(5), true, 5);
  EXPECT_EQ(l.current(), 576);         // settling
  f.window(milliseconds(5), true, 6);  // +20 % for an eighth more: kept, and grows again
  EXPECT_EQ(l.current(), 576 + 576 / 8);
}

TEST(InFlightLimit, DoublesAgainWhileEachDoublingFinishesEventsFaster) {
  InFlightLimit::Options o = options();
  o.initial = 64;
  o.max = 4096;
  InFlightLimit l(o);
  Feed f{l};
  f.window(milliseconds(300), true, 1);
  ASSERT_EQ(l.current(), 128);
  f.window(milliseconds(300), true, 2);
  ASSERT_EQ(l.current(), 256);
  f.window(milliseconds(300), true, 3);
  f.window(milliseconds(300), true, 4);  // twice the events of the window that grew: it paid
  EXPECT_EQ(l.current(), 512);
  f.window(milliseconds(300), true, 6);
  f.window(milliseconds(300), true, 5);  // +25 %: the CPU is the limit now
  EXPECT_EQ(l.current(), 256);
}

TEST(InFlightLimit, BatchesTakingTooLongStillCutItWhileAGrowthWaitsForItsVerdict) {
  InFlightLimit l(options());
  Feed f{l};
  f.window(milliseconds(2), true, 1);
  f.window(milliseconds(2), true, 1);
  ASSERT_EQ(l.current(), 1024);
  f.window(milliseconds(100), true, 1);
  EXPECT_EQ(l.current(), 1024 - 1024 / 5);
  f.window(milliseconds(2), true, 1);  // no verdict on a growth already cut back: grows
  EXPECT_EQ(l.current(), 820 + 820 / 8);
}

}  // namespace
}  // namespace enp
