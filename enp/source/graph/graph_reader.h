#pragma once

#include <map>
#include <memory>
#include <string>

#include "enp/http/transport_factory.h"
#include "enp/source/graph/graph_client.h"
#include "enp/source/graph/token_provider.h"
#include "enp/source/source.h"

namespace enp {

/// One worker's Graph connections: a GraphClient per tenant, rebuilt when the settings change.
/// Reads each queued message with GET /v1.0/users/{mailbox}/messages/{id}?$select=... (app-only
/// access: Mail.Read). Not thread-safe (one per worker).
class GraphReader : public MailReader {
 public:
  GraphReader(TransportFactory transports, TokenProvider& tokens)
      : transports_(std::move(transports)), tokens_(tokens) {}

  void configure(const std::shared_ptr<const Settings>& settings) override;
  /// "graph:<tenant name>" for the tenant serving the mailbox's domain.
  std::variant<std::string, Failure> upstreamFor(const Registration& registration) override;
  /// One GET per event. A failure of the tenant or the mailbox (token, permission, throttling,
  /// reachability) stops the batch and applies to all; a message gone applies to its event.
  ReadBatch read(const Registration& registration, const std::vector<QueuedEvent>& events) override;

 private:
  GraphClient& client(const GraphTenant& tenant);

  const TransportFactory transports_;
  TokenProvider& tokens_;
  std::shared_ptr<const Settings> settings_;  // owns the tenants the clients refer to
  std::map<std::string, std::unique_ptr<GraphClient>> clients_;  // by tenant name
};

}  // namespace enp
