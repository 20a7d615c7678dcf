#include "enp/inbound/public_routes.h"

#include <Poco/URI.h>

#include "enp/http/http_util.h"
#include "enp/http/path_token.h"
#include "enp/inbound/health_handler.h"

namespace enp {
namespace {

class NotFoundHandler : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& resp) override {
    http::sendError(resp, 404, "no such resource");
  }
};

}  // namespace

Poco::Net::HTTPRequestHandler* PublicRoutes::createRequestHandler(
    const Poco::Net::HTTPServerRequest& req) {
  std::string path;
  try {
    path = Poco::URI(req.getURI()).getPath();
  } catch (const Poco::Exception&) {
    return new NotFoundHandler;
  }
  for (const SourcePtr& source : sources_) {
    if (Poco::Net::HTTPRequestHandler* handler = source->callbackHandler(path)) {
      return handler;
    }
  }
  static const std::string kRegistrations = "/api/v1/registrations";
  if (path == kRegistrations) {
    return new RegistrationHandler("", registration_);
  } else if (path.compare(0, kRegistrations.size() + 1, kRegistrations + "/") == 0) {
    std::string id = path.substr(kRegistrations.size() + 1);
    if (http::isPathToken(id)) {
      return new RegistrationHandler(id, registration_);
    }
  } else if (path == "/healthz" || path == "/readyz") {
    return new HealthHandler(path == "/readyz", db_, registration_.settings, registration_.clock);
  }
  return new NotFoundHandler;
}

}  // namespace enp
