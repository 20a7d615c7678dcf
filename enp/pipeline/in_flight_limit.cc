#include "enp/pipeline/in_flight_limit.h"

#include <algorithm>

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

void InFlightLimit::onFinished(int64_t nowUs, std::chrono::microseconds took) {
  if (windowEndUs_ < 0) {
    windowEndUs_ = nowUs;  // the first window: its first few batches
  }
  tookSumUs_ += std::max<int64_t>(0, took.count());
  ++samples_;
  if (nowUs >= windowEndUs_ && samples_ >= options_.minSamples) {
    closeWindow(nowUs);
  }
}

void InFlightLimit::closeWindow(int64_t nowUs) {
  const double meanUs = static_cast<double>(tookSumUs_) / samples_;
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
  } else if (heldBack_) {
    const int step = growing_ ? limit_ : std::max(1, limit_ / 8);
    limit_ = std::min(options_.max, limit_ + step);
  }
  baseUs_ *= kBaselineCreep;
  tookSumUs_ = 0;
  samples_ = 0;
  heldBack_ = false;
  // The next window ends no sooner than a batch's time from now: what this one changed shows.
  windowEndUs_ = nowUs + std::max<int64_t>(std::chrono::microseconds(options_.window).count(),
                                           static_cast<int64_t>(meanUs));
}

}  // namespace enp
