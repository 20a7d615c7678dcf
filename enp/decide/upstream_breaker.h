#pragma once

#include <chrono>
#include <cstdint>

namespace enp {

/// When an upstream (an Exchange server, CNS) fails for everyone, retrying every queued mail
/// against it only adds load and log lines: a backlog of 960 mails with CNS down for three
/// minutes made 4,772 attempts. The breaker holds the upstream's queue instead and lets one
/// request through now and then to probe whether it is back.
struct BreakerOptions {
  int failuresToOpen = 5;  ///< Consecutive upstream-wide failures that open the breaker.
  std::chrono::milliseconds firstHold{5000};  ///< The first hold; doubled on each failed probe,
  std::chrono::milliseconds maxHold{std::chrono::minutes(2)};  ///< up to this.
  /// A probe that has not reported after this long (its worker stopped) is replaced by another.
  std::chrono::milliseconds probeTimeout{std::chrono::minutes(2)};
};

/// The state machine of one upstream's breaker. Pure: the caller passes the time and keeps one
/// instance per upstream; not thread-safe (pipeline/upstream_gates.h adds the lock).
///
///   state     admit(now)                              onSuccess   onFailure
///   closed    go                                      count = 0   ++count; at failuresToOpen:
///                                                                 open, hold = firstHold
///   open      now < until: hold until `until`         -           -
///             else: half-open, this caller probes
///   half-open the probe is out: hold until now+hold   closed,     open, hold = min(2 hold,
///             (probeTimeout passed: probe again)      hold reset  maxHold), until = now + hold
class UpstreamBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };
  enum class Admit {
    kGo,     ///< Send the request.
    kProbe,  ///< Send it: it is the probe; report its outcome.
    kHold,   ///< Do not send; try again at `untilMs`.
  };
  struct Gate {
    Admit admit = Admit::kGo;
    int64_t untilMs = 0;  ///< kHold only.
  };

  explicit UpstreamBreaker(BreakerOptions options = {}) : options_(options) {}

  Gate admit(int64_t nowMs);
  /// The upstream answered (whatever this mail's own outcome).
  void onSuccess(int64_t nowMs);
  /// The upstream failed in a way that says it fails for everyone (RetryDecision::upstreamDown).
  void onFailure(int64_t nowMs);

  State state() const { return state_; }
  std::chrono::milliseconds hold() const { return hold_; }

 private:
  const BreakerOptions options_;
  State state_ = State::kClosed;
  int failures_ = 0;
  std::chrono::milliseconds hold_{0};
  int64_t untilMs_ = 0;      // kOpen: when the next probe may go
  int64_t probeSentMs_ = 0;  // kHalfOpen: when the probe went
};

const char* toString(UpstreamBreaker::State state);

}  // namespace enp
