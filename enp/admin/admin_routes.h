#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <memory>

#include "enp/admin/admin_call.h"
#include "enp/admin/auth/authenticator.h"
#include "enp/common/clock.h"
#include "enp/store/audit_store.h"

namespace enp::admin {

/// The admin listener's router: matches a request against the route table and enforces, in
/// this order, before any handler runs:
///   unknown path -> 404, known path with another method -> 405 (Allow header);
///   Access::kSession/kAny without a valid session or API token -> 401 (an expired API token
///     says so; 500 when the API tokens cannot be read);
///   Access::kSession with an API token -> 403;
///   a session that must change its password, on a route not allowedWhileMustChange -> 403
///     {"error", "mustChangePassword": true};
///   a caller whose role is below the route's `role` -> 403 {"error", "role", "needs"};
///   a mutating route called with a session but without the matching X-CSRF-Token -> 403.
/// After a mutating route answered 2xx, an audit entry is written unless the handler wrote one.
/// An exception from a handler answers 500 (logged). Thread-safe: routes are immutable.
class AdminRoutes : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  struct Deps {
    Authenticator& authenticator;
    AuditStore& audit;
    const Clock& clock;
    size_t maxBodyBytes;
  };
  AdminRoutes(std::shared_ptr<const RouteTable> routes, Deps deps)
      : routes_(std::move(routes)), deps_(deps) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& req) override;

 private:
  std::shared_ptr<const RouteTable> routes_;
  Deps deps_;
};

/// True when `path` matches `pattern` ({x} = one non-empty segment), filling *params.
bool matchRoute(const std::string& pattern, const std::string& path,
                std::map<std::string, std::string>* params);

}  // namespace enp::admin
