#pragma once

#include "enp/http/transport_factory.h"
#include "enp/source/graph/graph_subscription_calls.h"
#include "enp/source/graph/token_provider.h"

namespace enp {

/// GraphSubscriptionCalls over HTTP: each call on a connection of its own (subscription calls
/// are rare, and come from several keeper threads), with the tenant's token.
class GraphHttpCalls : public GraphSubscriptionCalls {
 public:
  GraphHttpCalls(TransportFactory transports, TokenProvider& tokens)
      : transports_(std::move(transports)), tokens_(tokens) {}

  GraphCallOutcome create(const GraphTenant& tenant, const Create& request) override;
  GraphCallOutcome renew(const GraphTenant& tenant, const std::string& subscriptionId,
                         int64_t expiresAt) override;
  GraphCallOutcome remove(const GraphTenant& tenant, const std::string& subscriptionId) override;
  DeltaResult delta(const GraphTenant& tenant, const std::string& mailbox, const std::string& link,
                    int64_t sinceMs, int maxPages) override;

 private:
  const TransportFactory transports_;
  TokenProvider& tokens_;
};

}  // namespace enp
