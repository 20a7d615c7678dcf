#include "enp/pipeline/in_flight_limit.h"

#include <algorithm>
#include <utility>

namespace enp {
namespace {

constexpr double kBaselineCreep = 1.001;

}  // namespace

InFlightLimit::InFlightLimit(Options options)
    : options_([&] {
        options.max = std::max(1, options.max);
        options.min = std::clamp(options.min, 1, options.max);
        return options;
      }()),
      limit_(std::clamp(options_.initial, options_.min, options_.max)) {}

void InFlightLimit::onFinished(int64_t nowUs, std::chrono::microseconds took, int events) {
  if (windowEndUs_ < 0) {
    windowEndUs_ = nowUs;  // the first window: its first few batches
  }
  tookSumUs_ += std::max<int64_t>(0, took.count());
  ++samples_;
  events_ += std::max(0, events);
  if (nowUs >= windowEndUs_ && samples_ >= options_.minSamples) {
    closeWindow(nowUs);
  }
}

void InFlightLimit::grow(int step, double rate) {
  const int grown = std::min(options_.max, limit_ + step);
  if (grown > limit_) {
    // The first window's rate is unknown: that growth is not judged.
    growth_ = rate > 0 ? Growth::kSettling : Growth::kNone;
    grewFrom_ = limit_;
    rateBeforeGrowth_ = rate;
    limit_ = grown;
  }
}

void InFlightLimit::closeWindow(int64_t nowUs) {
  const double meanUs = static_cast<double>(tookSumUs_) / samples_;
  const double rate =
      windowStartUs_ >= 0 && nowUs > windowStartUs_
          ? static_cast<double>(events_) * 1e6 / static_cast<double>(nowUs - windowStartUs_)
          : -1;
  const Growth growth = std::exchange(growth_, Growth::kNone);
  if (baseUs_ <= 0 || meanUs < baseUs_) {
    baseUs_ = meanUs;
  }
  if (meanUs > options_.tolerance * baseUs_) {
    if (limit_ == options_.min) {
      baseUs_ = meanUs;  // as slow with the fewest: the servers', not a queue of ENP's making
    } else {
      growing_ = false;
      limit_ = std::max(options_.min, limit_ - std::max(1, limit_ / 5));
    }
  } else if (growth == Growth::kSettling) {
    growth_ = Growth::kJudging;  // this window still finished batches started before it
  } else if (growth == Growth::kJudging &&
             rate < rateBeforeGrowth_ *
                        (1 + 0.5 * (limit_ - grewFrom_) / static_cast<double>(grewFrom_))) {
    limit_ = grewFrom_;  // more in flight finished no more events
    growing_ = false;
  } else if (heldBack_) {
    grow(growing_ ? limit_ : std::max(1, limit_ / 8), rate);
  }
  baseUs_ *= kBaselineCreep;
  tookSumUs_ = 0;
  samples_ = 0;
  events_ = 0;
  windowStartUs_ = nowUs;
  heldBack_ = false;
  // The next window ends no sooner than a batch's time from now: what this one changed shows.
  windowEndUs_ = nowUs + std::max<int64_t>(std::chrono::microseconds(options_.window).count(),
                                           static_cast<int64_t>(meanUs));
}

}  // namespace enp
