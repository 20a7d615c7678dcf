#pragma once

#include <chrono>
#include <cstdint>

namespace enp {

/// Shape of the retry schedule for CNS deliveries (DESIGN §6.3: nothing retries in a tight loop).
struct BackoffOptions {
  std::chrono::milliseconds base{1000};   ///< Delay before the first retry.
  std::chrono::milliseconds cap{300000};  ///< No delay exceeds this (5 minutes).
  /// Off by default. When on, each delay is drawn deterministically from [d/2, d] by hashing
  /// (jitterSeed, attempt): pass e.g. the event id as the seed so that deliveries that failed
  /// together spread out, while the same event and attempt always get the same delay.
  bool jitter = false;
  uint64_t jitterSeed = 0;
};

/// The delay before retry number `attempt` (1 = the first retry): base * 2^(attempt-1), capped at
/// options.cap; attempt < 1 counts as 1. Pure; thread-safe; no overflow for any attempt.
std::chrono::milliseconds backoffDelay(int attempt, const BackoffOptions& options = {});

}  // namespace enp
