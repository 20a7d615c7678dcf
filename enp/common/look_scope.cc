#include "enp/common/look_scope.h"

namespace enp {

std::optional<int64_t> LookScope::begin(int64_t nowMs, int64_t steadyMs,
                                        uint64_t sharesGeneration) {
  full_ = !lastLookAt_ || fullLooks_.due(steadyMs) || sharesGeneration != sharesSeen_;
  beganNowMs_ = nowMs;
  beganSteadyMs_ = steadyMs;
  shares_ = sharesGeneration;
  if (full_) {
    return std::nullopt;
  }
  return *lastLookAt_ - kCreatedMarginMs;
}

void LookScope::end(int64_t steadyMs, bool complete) {
  if (!complete) {
    return;  // the next look reads from the same point again (a full one: in full again)
  }
  if (full_) {
    fullLooks_.ran(beganSteadyMs_, steadyMs);
    sharesSeen_ = shares_;
  }
  lastLookAt_ = beganNowMs_;
}

}  // namespace enp
