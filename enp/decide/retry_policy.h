#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "enp/decide/failure.h"

namespace enp {

/// The retry schedule's knobs; the defaults are DESIGN §6.3's.
struct RetryOptions {
  std::chrono::milliseconds base{2000};  ///< First back-off for an unreachable upstream.
  std::chrono::milliseconds cap{std::chrono::minutes(5)};  ///< Longest back-off.
  /// When the administrator must act (auth, configuration): how long until the next try.
  std::chrono::milliseconds afterAlert{std::chrono::minutes(5)};
  std::chrono::milliseconds minBusy{1000};  ///< A busy upstream is never retried sooner.
  std::chrono::milliseconds maxWait{std::chrono::hours(1)};  ///< An upstream's ask is cut to it.
};

/// What to do with one mail after a failure.
struct RetryDecision {
  enum class Verdict {
    kRetry,       ///< Queued again, due after `delay`.
    kDrop,        ///< Finished as "dropped": nothing to push (the mail or mailbox is gone).
    kDeadLetter,  ///< Finished as "dead": it will not succeed by repeating.
  };
  Verdict verdict = Verdict::kRetry;
  std::chrono::milliseconds delay{0};  ///< kRetry only.
  std::string rule;    ///< kDrop/kDeadLetter: the decision's rule ("item-gone", "cns-refused").
  std::string reason;  ///< kDrop/kDeadLetter: one line for a help-desk person.
  /// The alert to raise, "" for none: "exchange-auth", "config", "mailbox", "cns".
  std::string alert;
  /// The failure says the upstream fails for everyone (not this mail alone): it counts towards
  /// holding the upstream's queue (upstream_breaker.h).
  bool upstreamDown = false;
};

/// The pure failure -> policy table (DESIGN §6.3):
///
///   kind            verdict       delay                                alert          upstream
///   kBusy           retry         max(retryAfter, minBusy), + 0-20 %   -              no
///   kUnreachable    retry         retryAfter + 0-20 %, else            -              down
///                                 backoff(attempt) within [d/2, d]
///   kAuth           retry         afterAlert, jittered                 <system>-auth  down
///   kNotConfigured  retry         afterAlert, jittered                 config         no
///   kProtocol       retry         afterAlert, jittered                 -              no
///   kItemGone       drop          -  rule item-gone                    -              no
///   kBadItem        drop          -  rule bad-item-id                  -              no
///   kNoMailbox      drop          -  rule no-mailbox                   mailbox        no
///   kRefused        dead-letter   -  rule <system>-refused             <system>       no
///
/// `attempt` counts this one (1 = the first attempt failed). `jitterSeed` spreads mails that
/// failed together (pass the event id); the same seed and attempt always give the same delay.
/// Waits the upstream asks for are cut to options.maxWait. Pure; thread-safe.
RetryDecision decideRetry(const Failure& failure, int attempt, uint64_t jitterSeed,
                          const RetryOptions& options = {});

/// A deterministic spread in [0, span] for `seed` (e.g. to scatter held mails).
std::chrono::milliseconds jitterWithin(std::chrono::milliseconds span, uint64_t seed);

}  // namespace enp
