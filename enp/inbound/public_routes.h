#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "enp/inbound/registration_handler.h"
#include "enp/source/ews/notify_handler.h"

namespace enp {

/// Routes of the public listener (Exchange and devices). Unknown paths get 404 JSON. A body a
/// handler leaves unread is discarded after its answer (http::discardUnreadBody()).
class PublicRoutes : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  PublicRoutes(NotifyHandler::Deps notify, RegistrationHandler::Deps registration, Database& db)
      : notify_(notify), registration_(std::move(registration)), db_(db) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& req) override;

 private:
  Poco::Net::HTTPRequestHandler* route(const Poco::Net::HTTPServerRequest& req);

  NotifyHandler::Deps notify_;
  RegistrationHandler::Deps registration_;
  Database& db_;
};

}  // namespace enp
