#include "enp/decide/backoff.h"

#include <algorithm>

namespace enp {
namespace {

// SplitMix64 finaliser: a well-mixed 64-bit hash of one word.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

std::chrono::milliseconds backoffDelay(int attempt, const BackoffOptions& options) {
  const int64_t cap = std::max<int64_t>(options.cap.count(), 0);
  const int64_t base = std::clamp<int64_t>(options.base.count(), 0, cap);
  int64_t delay = base;
  // At most ~63 doublings before reaching the cap, whatever `attempt` is.
  for (int i = 1; i < attempt && delay > 0 && delay < cap; ++i) {
    delay = delay > cap / 2 ? cap : delay * 2;
  }
  if (options.jitter && delay > 1) {
    const uint64_t h = mix(options.jitterSeed ^ mix(static_cast<uint64_t>(attempt)));
    const auto half = static_cast<uint64_t>(delay / 2);
    delay = static_cast<int64_t>(static_cast<uint64_t>(delay) - half + h % (half + 1));
  }
  return std::chrono::milliseconds(delay);
}

}  // namespace enp
