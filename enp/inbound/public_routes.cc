#include "enp/inbound/public_routes.h"

#include <Poco/URI.h>

#include <memory>

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

// Runs a route's handler, then discards what it left of the body (answers given without it:
// 401, 405, 415 ...), so that it neither becomes the next request nor resets the connection.
class BodyDiscarding : public Poco::Net::HTTPRequestHandler {
 public:
  BodyDiscarding(Poco::Net::HTTPRequestHandler* inner, size_t maxBodyBytes)
      : inner_(inner), maxBodyBytes_(maxBodyBytes) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    inner_->handleRequest(req, resp);
    http::discardUnreadBody(req, resp, maxBodyBytes_);
  }

 private:
  std::unique_ptr<Poco::Net::HTTPRequestHandler> inner_;
  const size_t maxBodyBytes_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* PublicRoutes::createRequestHandler(
    const Poco::Net::HTTPServerRequest& req) {
  return new BodyDiscarding(route(req), registration_.maxBodyBytes);
}

std::unique_ptr<http::AsyncHandler> PublicRoutes::asyncHandler(const http::RawRequest& request) {
  std::string path;
  try {
    path = Poco::URI(request.target).getPath();
  } catch (const Poco::Exception&) {
    return nullptr;  // the Poco route answers 404
  }
  for (const SourcePtr& source : sources_) {
    if (std::unique_ptr<http::AsyncHandler> handler = source->asyncCallbackHandler(path)) {
      return handler;
    }
  }
  return nullptr;
}

Poco::Net::HTTPRequestHandler* PublicRoutes::route(const Poco::Net::HTTPServerRequest& req) {
  std::string path;
  try {
    path = Poco::URI(req.getURI()).getPath();
  } catch (const Poco::Exception&) {
    return new NotFoundHandler;
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
