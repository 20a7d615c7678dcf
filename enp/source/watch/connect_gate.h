#pragma once

#include <algorithm>
#include <chrono>

namespace enp {

/// Spaces out the connections the watcher opens (at start, and when many drop together): each
/// connect reserves the next slot, at most `perSecond` slots a second. Used from the watcher's
/// event loop only (no locks).
class ConnectGate {
 public:
  using Instant = std::chrono::steady_clock::time_point;

  explicit ConnectGate(double perSecond)
      : spacing_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(1.0 / std::max(perSecond, 0.001)))) {}

  /// When the caller may connect: now, or the slot after the last one reserved.
  Instant reserve(Instant now) {
    const Instant slot = std::max(now, next_);
    next_ = slot + spacing_;
    return slot;
  }

 private:
  const std::chrono::steady_clock::duration spacing_;
  Instant next_{};
};

}  // namespace enp
