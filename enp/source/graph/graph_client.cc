#include "enp/source/graph/graph_client.h"

#include <Poco/URI.h>

#include "enp/source/graph/graph_failure.h"

namespace enp {

std::string urlEncode(const std::string& value) {
  std::string out;
  Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", out);
  return out;
}

ews::TransportOptions graphTransportOptions(const GraphTenant& tenant, long totalTimeoutMs) {
  ews::TransportOptions options;
  options.caFile = tenant.caFile;
  options.totalTimeoutMs = totalTimeoutMs;
  return options;
}

std::variant<ews::HttpReply, Failure> GraphClient::send(const std::string& method,
                                                        const std::string& path,
                                                        const std::string& json) {
  for (int attempt = 0;; ++attempt) {
    auto token = tokens_.token(tenant_);
    if (auto* failure = std::get_if<Failure>(&token)) {
      return *failure;
    }
    ews::HttpRequest request;
    request.method = method;
    request.url = tenant_.graphUrl + path;
    request.body = json;
    request.headers = {{"Authorization", "Bearer " + std::get<std::string>(token)},
                       {"Accept", "application/json"}};
    if (!json.empty()) {
      request.headers.emplace_back("Content-Type", "application/json");
    }
    const ews::Result<ews::HttpReply> reply = transport_->post(request);
    if (!reply.ok()) {
      return graphTransportFailure(reply.error(), tenant_.graphUrl);
    }
    if (reply->status >= 200 && reply->status < 300) {
      return *reply;
    }
    if (reply->status == 401 && attempt == 0) {
      tokens_.invalidate(tenant_);
      continue;
    }
    return graphHttpFailure(*reply);
  }
}

}  // namespace enp
