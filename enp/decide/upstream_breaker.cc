#include "enp/decide/upstream_breaker.h"

#include <algorithm>

namespace enp {

const char* toString(UpstreamBreaker::State state) {
  switch (state) {
    case UpstreamBreaker::State::kClosed:
      return "closed";
    case UpstreamBreaker::State::kOpen:
      return "open";
    case UpstreamBreaker::State::kHalfOpen:
      return "half-open";
  }
  return "unknown";
}

UpstreamBreaker::Gate UpstreamBreaker::admit(int64_t nowMs) {
  switch (state_) {
    case State::kClosed:
      return {Admit::kGo, 0};
    case State::kOpen:
      if (nowMs < untilMs_) {
        return {Admit::kHold, untilMs_};
      }
      state_ = State::kHalfOpen;
      probeSentMs_ = nowMs;
      return {Admit::kProbe, 0};
    case State::kHalfOpen:
      if (nowMs - probeSentMs_ >= options_.probeTimeout.count()) {
        probeSentMs_ = nowMs;  // the probe never reported: send another
        return {Admit::kProbe, 0};
      }
      return {Admit::kHold, nowMs + hold_.count()};
  }
  return {Admit::kGo, 0};
}

void UpstreamBreaker::onSuccess(int64_t /*nowMs*/) {
  state_ = State::kClosed;
  failures_ = 0;
  hold_ = std::chrono::milliseconds(0);
}

void UpstreamBreaker::onFailure(int64_t nowMs) {
  switch (state_) {
    case State::kClosed:
      if (++failures_ < options_.failuresToOpen) {
        return;
      }
      hold_ = options_.firstHold;
      break;
    case State::kHalfOpen:
      hold_ = std::min(hold_ * 2, options_.maxHold);
      break;
    case State::kOpen:
      return;  // a request admitted before the breaker opened: already counted
  }
  state_ = State::kOpen;
  untilMs_ = nowMs + hold_.count();
}

}  // namespace enp
