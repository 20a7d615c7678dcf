#pragma once

#include <chrono>
#include <cstdint>

namespace enp {

/// How many batches the pipeline runs at once: up to `max_in_flight`, fewer while more would
/// only wait. A batch in flight beyond what the CPU (or a server) serves adds no throughput,
/// only memory (its requests, connections and coroutine) and latency for every other batch;
/// waiting for Exchange or CNS, on the other hand, is what the slots are for. The signal is the
/// batches' time from being handed to a lane to their end, against its baseline (the lowest
/// mean seen): where it is queued does not matter (the lanes, the commits, a server sharing the
/// CPU), only whether it grows with the limit (Little's law: at a fixed throughput, the time
/// grows with the batches in flight; at a fixed latency, the throughput does).
///
/// Each window (the first 8 batches, then at least 100 ms, a batch's time and 8 batches, so that
/// a change shows before the next) compares the mean time with the baseline: above `tolerance`
/// times it the limit falls by a fifth; else, if the limit held ready batches back, it grows
/// (doubling until the first cut, then by an eighth). Never beyond the maximum nor below the
/// minimum. A time still too high at the minimum is the servers' own: it becomes the baseline.
/// The baseline also creeps up by 0.1 % a window, so that a lasting change of the servers'
/// latency is learned.
///
/// A growth must also pay: two windows later (the first one still finishes batches started
/// before it) events have to finish faster by at least half the growth (a doubling by 50 %, an
/// eighth by 6.25 %), or the limit goes back to where it was and grows by an eighth from then
/// on. Time alone misses a CPU taken by other work (the callbacks' acknowledgements come
/// first): batches then wait about as long with more of them in flight, and finish no sooner,
/// each holding its requests and coroutine for nothing. Not thread-safe: the pipeline calls it
/// under its own lock.
class InFlightLimit {
 public:
  struct Options {
    int max = 1024;
    /// Never fewer (nor more than max).
    int min = 64;
    /// Where it starts (clamped to [min, max]).
    int initial = 64;
    /// A mean time above this many times the baseline means batches queue.
    double tolerance = 2.0;
    std::chrono::milliseconds window{100};
    /// A window's mean needs at least this many batches.
    int minSamples = 8;
  };

  explicit InFlightLimit(Options options);

  /// Batches that may run now.
  int current() const { return limit_; }
  /// The baseline batch time, 0 before the first window.
  std::chrono::microseconds baseline() const {
    return std::chrono::microseconds(static_cast<int64_t>(baseUs_));
  }

  /// A batch of `events` ended at `nowUs` (any monotonic clock), `took` after it was handed to
  /// its lane.
  void onFinished(int64_t nowUs, std::chrono::microseconds took, int events = 1);
  /// The limit, not the work or the per-mailbox limits, kept a ready batch from starting.
  void onHeldBack() { heldBack_ = true; }

 private:
  void closeWindow(int64_t nowUs);
  // Grows by `step` when the limit held batches back; `rate`: this window's events per second.
  void grow(int step, double rate);

  // A growth and its verdict: the window after it settles, the one after that judges.
  enum class Growth { kNone, kSettling, kJudging };

  const Options options_;
  int limit_;
  bool growing_ = true;  // doubling until the first cut
  double baseUs_ = 0;
  int64_t windowEndUs_ = -1;
  int64_t tookSumUs_ = 0;
  int samples_ = 0;
  int64_t events_ = 0;
  int64_t windowStartUs_ = -1;  // when this window began (the last one closed)
  bool heldBack_ = false;
  Growth growth_ = Growth::kNone;
  int grewFrom_ = 0;             // the limit before the growth being judged
  double rateBeforeGrowth_ = 0;  // events per second in the window that grew
};

}  // namespace enp
