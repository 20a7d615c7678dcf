#pragma once

#include <chrono>
#include <cstdint>

namespace enp {

/// The factor the keepers' looks are spaced by: a look then takes at most ~2 % of one thread.
inline constexpr int kLookCostFactor = 50;

/// Spaces a periodic read whose cost grows with the data (a look at every registration, a
/// count over a table) so that it takes a bounded share of one thread: the next run is due
/// `floor` after the last one started, or `factor` times the last run's duration after it
/// ended, whichever is later. With 1,000 registrations a look of a millisecond runs at the
/// floor; with 100,000, a look of half a second runs every `factor` half-seconds instead of
/// keeping a core busy. Times are a monotonic clock's milliseconds. Not thread-safe: one owner.
class LookPacer {
 public:
  LookPacer(std::chrono::milliseconds floor, int factor) : floor_(floor.count()), factor_(factor) {}

  /// True before the first run and whenever the next one is due at nowMs.
  bool due(int64_t nowMs) const { return !ran_ || nowMs >= nextMs_; }
  /// Records a run that started at startMs and ended at endMs.
  void ran(int64_t startMs, int64_t endMs);
  /// Makes the next run due at once (what it reads changed as a whole).
  void expire() { ran_ = false; }
  /// When the next run is due; meaningless before the first run.
  int64_t nextMs() const { return nextMs_; }
  /// The monotonic clock's milliseconds now (what due() and ran() take).
  static int64_t steadyNowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

 private:
  int64_t floor_;
  int64_t factor_;
  bool ran_ = false;
  int64_t nextMs_ = 0;
};

}  // namespace enp
