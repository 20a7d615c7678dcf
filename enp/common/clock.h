#pragma once

#include <chrono>
#include <cstdint>

namespace enp {

/// The wall clock, as a seam: tests substitute a fixed or stepped clock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() const = 0;

  /// Milliseconds since the Unix epoch: how instants are stored.
  int64_t nowMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch()).count();
  }
};

class SystemClock : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
};

}  // namespace enp
