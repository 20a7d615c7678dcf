#pragma once

#include "enp/http/transport_factory.h"
#include "enp/source/ews/subscription_calls.h"

namespace enp {

/// SubscriptionCalls over EWS: impersonated Subscribe and FindItem with the mailbox's affinity
/// headers (ews::Client), Exchange's failures mapped to the keeper's outcomes. Each call opens
/// its own connection, so calls from several keeper threads never share one.
class EwsSubscriptionCalls : public SubscriptionCalls {
 public:
  explicit EwsSubscriptionCalls(TransportFactory transports) : transports_(std::move(transports)) {}

  SubscribeOutcome subscribe(const Target& target, const std::string& callbackUrl,
                             const std::string& watermark,
                             std::chrono::minutes statusFrequency) override;
  Result<std::vector<Found>> findSince(const Target& target, int64_t sinceMs, int limit) override;

 private:
  TransportFactory transports_;
};

/// The keeper's outcome for a failed Subscribe.
SubscribeOutcome subscribeOutcomeOf(const ews::Error& error);

}  // namespace enp
