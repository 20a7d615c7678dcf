#pragma once

#include <Poco/Net/HTTPRequestHandler.h>

#include "enp/common/clock.h"
#include "enp/store/database.h"
#include "enp/store/settings_cache.h"

namespace enp {

/// GET /healthz: 200 while the process serves. GET /readyz: 200 when the database takes a
/// write and the settings are complete, else 503 with what is missing.
class HealthHandler : public Poco::Net::HTTPRequestHandler {
 public:
  HealthHandler(bool ready, Database& db, SettingsCache& settings, const Clock& clock)
      : ready_(ready), db_(db), settings_(settings), clock_(clock) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override;

 private:
  const bool ready_;
  Database& db_;
  SettingsCache& settings_;
  const Clock& clock_;
};

}  // namespace enp
