#include "enp/decide/retry_policy.h"

#include <algorithm>

#include "enp/decide/backoff.h"

namespace enp {
namespace {

using std::chrono::milliseconds;

// SplitMix64 finaliser: a well-mixed 64-bit hash of one word.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

RetryDecision retryAfter(milliseconds delay) {
  RetryDecision d;
  d.verdict = RetryDecision::Verdict::kRetry;
  d.delay = delay;
  return d;
}

RetryDecision finish(RetryDecision::Verdict verdict, std::string rule, std::string reason) {
  RetryDecision d;
  d.verdict = verdict;
  d.rule = std::move(rule);
  d.reason = std::move(reason);
  return d;
}

}  // namespace

milliseconds jitterWithin(milliseconds span, uint64_t seed) {
  if (span.count() <= 0) {
    return milliseconds(0);
  }
  return milliseconds(static_cast<int64_t>(mix(seed) % (static_cast<uint64_t>(span.count()) + 1)));
}

RetryDecision decideRetry(const Failure& failure, int attempt, uint64_t jitterSeed,
                          const RetryOptions& options) {
  const milliseconds asked = std::min(failure.retryAfter, options.maxWait);
  const uint64_t seed = mix(jitterSeed) ^ static_cast<uint64_t>(std::max(attempt, 0));
  // Waits after an alert are spread over +-10 % so that mails that failed together do not come
  // back together.
  auto afterAlert = [&] {
    const milliseconds tenth = options.afterAlert / 10;
    return options.afterAlert - tenth + jitterWithin(2 * tenth, seed);
  };
  switch (failure.kind) {
    case FailureKind::kBusy: {
      const milliseconds wait = std::max(asked, options.minBusy);
      return retryAfter(wait + jitterWithin(wait / 5, seed));
    }
    case FailureKind::kUnreachable: {
      // An upstream's ask is honoured (never sooner) and spread over 20 % more.
      RetryDecision d = retryAfter(
          asked.count() > 0
              ? asked + jitterWithin(asked / 5, seed)
              : backoffDelay(attempt, {options.base, options.cap, /*jitter=*/true, seed}));
      d.upstreamDown = true;
      return d;
    }
    case FailureKind::kAuth: {
      RetryDecision d = retryAfter(afterAlert());
      d.alert = failure.system + "-auth";
      d.upstreamDown = true;
      return d;
    }
    case FailureKind::kNotConfigured: {
      RetryDecision d = retryAfter(afterAlert());
      d.alert = "config";
      return d;
    }
    case FailureKind::kProtocol:
      return retryAfter(afterAlert());
    case FailureKind::kItemGone:
      return finish(RetryDecision::Verdict::kDrop, "item-gone",
                    "the mail was gone from the mailbox before ENP read it");
    case FailureKind::kBadItem:
      return finish(RetryDecision::Verdict::kDrop, "bad-item-id",
                    "the mail system rejected the item id: " + failure.detail);
    case FailureKind::kNoMailbox: {
      RetryDecision d = finish(RetryDecision::Verdict::kDrop, "no-mailbox",
                               "the mail system reports no such mailbox");
      d.alert = "mailbox";
      return d;
    }
    case FailureKind::kRefused: {
      RetryDecision d = finish(RetryDecision::Verdict::kDeadLetter, failure.system + "-refused",
                               failure.system == "cns" ? "CNS refused it: " + failure.detail
                                                       : "refused: " + failure.detail);
      d.alert = failure.system;
      return d;
    }
  }
  return retryAfter(afterAlert());
}

}  // namespace enp
