#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "enp/common/look_pacer.h"

namespace enp {

/// What a keeper's look reads of the registrations that have no record of its own yet (new
/// ones): all of them at the first look, now and then after (paced by what that costs: at
/// 100,000 registrations it is a read of every one, see LookPacer), and when the set of shares
/// this node holds changed; between those, only the ones created since the previous look
/// began, less a margin. A registration another node wrote with its clock behind, or whose
/// write committed after a look began, is still found by the next look. Not thread-safe: the
/// keeper's planner owns it.
class LookScope {
 public:
  /// Margin taken off "since the previous look".
  static constexpr int64_t kCreatedMarginMs = 10 * 60'000;

  explicit LookScope(std::chrono::milliseconds fullEvery)
      : fullLooks_(fullEvery, kLookCostFactor) {}

  /// Starts a look at wall-clock nowMs (the clock registrations' created_at is written with),
  /// steadyMs (monotonic) and the generation of this node's shares (0 without shares). Returns
  /// the creation time from which new registrations are to be read; nullopt: all of them.
  std::optional<int64_t> begin(int64_t nowMs, int64_t steadyMs, uint64_t sharesGeneration);
  /// Ends the look begun last. `complete`: it read everything it was to read (fewer rows than
  /// its limit); else the next look reads from the same point again, a full look in full.
  void end(int64_t steadyMs, bool complete);
  /// The next look reads every new registration (the settings changed, a test's single look).
  void expire() { fullLooks_.expire(); }

 private:
  LookPacer fullLooks_;
  std::optional<int64_t> lastLookAt_;
  uint64_t sharesSeen_ = 0;
  // Of the look in progress.
  bool full_ = false;
  int64_t beganNowMs_ = 0;
  int64_t beganSteadyMs_ = 0;
  uint64_t shares_ = 0;
};

}  // namespace enp
