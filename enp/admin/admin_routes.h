#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "enp/common/metrics.h"

namespace enp {

/// Routes of the admin listener. For now: GET /metrics (Prometheus text) and GET /healthz.
class AdminRoutes : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit AdminRoutes(Metrics& metrics) : metrics_(metrics) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& req) override;

 private:
  Metrics& metrics_;
};

}  // namespace enp
