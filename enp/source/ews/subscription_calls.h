#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/config/settings.h"
#include "enp/source/ews/subscription_plan.h"

namespace enp {

/// The requests that keep one mailbox's push subscription, as the keeper needs them. The EWS
/// implementation sends them impersonated, with the mailbox's affinity headers; tests script
/// them. Implementations are called from several keeper threads at once.
class SubscriptionCalls {
 public:
  struct Target {
    const ExchangeServer* server = nullptr;
    std::string mailbox;
    std::string affinityCookie;  ///< The last X-BackEndOverrideCookie Exchange sent for it.
  };

  /// A new-mail item found in the Inbox.
  struct Found {
    std::string itemId;
    int64_t receivedAt = 0;  ///< ms.
  };

  virtual ~SubscriptionCalls() = default;

  /// Subscribe (push) on the Inbox for new mail to callbackUrl, heartbeats every
  /// statusFrequency; watermark "" = a fresh subscription.
  virtual SubscribeOutcome subscribe(const Target& target, const std::string& callbackUrl,
                                     const std::string& watermark,
                                     std::chrono::minutes statusFrequency) = 0;

  /// The Inbox's items received after sinceMs, oldest first, at most `limit`.
  virtual Result<std::vector<Found>> findSince(const Target& target, int64_t sinceMs,
                                               int limit) = 0;
};

}  // namespace enp
