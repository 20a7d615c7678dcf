#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <memory>
#include <vector>

#include "enp/http/async_handler.h"
#include "enp/inbound/registration_handler.h"
#include "enp/source/source.h"

namespace enp {

/// Routes of the public listener (mail systems' callbacks and devices): each source's
/// callbacks (Source::asyncCallbackHandler),
/// /api/v1/registrations, /healthz and /readyz. Unknown paths get 404 JSON. A body a handler
/// leaves unread is discarded after its answer (http::discardUnreadBody()).
class PublicRoutes : public Poco::Net::HTTPRequestHandlerFactory, public http::AsyncRoutes {
 public:
  /// `sources` must outlive the routes.
  PublicRoutes(const std::vector<SourcePtr>& sources, RegistrationHandler::Deps registration,
               Database& db)
      : sources_(sources), registration_(std::move(registration)), db_(db) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& req) override;
  std::unique_ptr<http::AsyncHandler> asyncHandler(const http::RawRequest& request) override;

 private:
  Poco::Net::HTTPRequestHandler* route(const Poco::Net::HTTPServerRequest& req);

  const std::vector<SourcePtr>& sources_;
  RegistrationHandler::Deps registration_;
  Database& db_;
};

}  // namespace enp
