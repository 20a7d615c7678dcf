#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <string>

#include "enp/common/status.h"
#include "enp/config/settings.h"
#include "enp/http/transport_factory.h"
#include "enp/sink/cns/cns_client.h"

namespace enp::admin {

/// One notification signed and posted to the configured CNS as the pipeline's sink does
/// (toCnsConfig, CnsSigner, CnsClient), for the console's tests. kInvalid naming what is
/// missing when the CNS settings are incomplete; otherwise what CNS answered.
Result<SinkResult> sendCnsPush(const CnsSettings& cns, const TransportFactory& transports,
                               const std::string& deviceToken, const std::string& jti,
                               const Poco::JSON::Object::Ptr& notification,
                               std::chrono::system_clock::time_point now);

}  // namespace enp::admin
