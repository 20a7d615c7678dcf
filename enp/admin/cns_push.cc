#include "enp/admin/cns_push.h"

#include "enp/sink/cns/cns_config.h"

namespace enp::admin {

Result<SinkResult> sendCnsPush(const CnsSettings& cns, const TransportFactory& transports,
                               const std::string& deviceToken, const std::string& jti,
                               const Poco::JSON::Object::Ptr& notification,
                               std::chrono::system_clock::time_point now) {
  const Result<CnsConfig> config = toCnsConfig(cns);
  if (!config.ok()) {
    return config.error();
  }
  const Result<CnsSignerPtr> signer = CnsSigner::create(*config);
  if (!signer.ok()) {
    return signer.error();
  }
  auto transport = transports(ews::TransportOptions{});
  CnsClient client(*transport, **signer, config->url, config->token);
  return client.deliver(deviceToken, jti, notification, now);
}

}  // namespace enp::admin
