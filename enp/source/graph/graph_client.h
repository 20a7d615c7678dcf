#pragma once

#include <string>
#include <variant>

#include "enp/config/graph_tenant.h"
#include "enp/decide/failure.h"
#include "enp/source/graph/token_provider.h"
#include "ews/transport.h"

namespace enp {

/// Microsoft Graph's REST API for one tenant over one kept connection: every request with the
/// tenant's access token (TokenProvider), JSON in and out. A 401 drops the token and tries once
/// more with a new one (a token revoked or expired early); every other answer that is not a
/// success becomes a Failure (graph_failure.h).
/// Not thread-safe (it owns a connection): one per thread.
class GraphClient {
 public:
  /// `tenant` and `tokens` must outlive the client.
  GraphClient(const GraphTenant& tenant, TokenProvider& tokens, ews::TransportPtr transport)
      : tenant_(tenant), tokens_(tokens), transport_(std::move(transport)) {}

  /// `method` ("GET", "POST", "PATCH", "DELETE") to {graphUrl}{path}; `json` is the body (none
  /// when empty). The 2xx reply, or the Failure.
  std::variant<ews::HttpReply, Failure> send(const std::string& method, const std::string& path,
                                             const std::string& json = "");

  const GraphTenant& tenant() const { return tenant_; }

 private:
  const GraphTenant& tenant_;
  TokenProvider& tokens_;
  const ews::TransportPtr transport_;
};

/// The transport options of every connection to `tenant`'s authority and Graph: its caFile,
/// and `totalTimeoutMs` for one request.
ews::TransportOptions graphTransportOptions(const GraphTenant& tenant, long totalTimeoutMs);

/// The percent-encoding of a path segment or query value (an address, an id, a date).
std::string urlEncode(const std::string& value);

}  // namespace enp
