#pragma once

// A clock the test moves by hand (Envoy's simulated time): nothing in a test waits on the wall
// clock.

#include <atomic>
#include <chrono>
#include <cstdint>

#include "enp/common/clock.h"

namespace testsupport {

class FakeClock : public enp::Clock {
 public:
  /// Starts at `startMs` (ms since the epoch; default 2026-11-30T12:00:00Z, a Monday).
  explicit FakeClock(int64_t startMs = 1796040000000) : ms_(startMs) {}

  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms_.load()));
  }
  void set(int64_t ms) { ms_ = ms; }
  void advance(std::chrono::milliseconds d) { ms_ += d.count(); }

 private:
  std::atomic<int64_t> ms_;
};

}  // namespace testsupport
