#include "enp/admin/admin_routes.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>

#include "enp/admin/handlers/console_handler.h"
#include "enp/common/log.h"
#include "enp/common/log_text.h"
#include "enp/http/http_util.h"

namespace enp::admin {
namespace {

std::vector<std::string> segments(const std::string& path) {
  Poco::StringTokenizer t(path, "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  return {t.begin(), t.end()};
}

class Dispatcher : public Poco::Net::HTTPRequestHandler {
 public:
  Dispatcher(std::shared_ptr<const RouteTable> routes, AdminRoutes::Deps deps)
      : routes_(std::move(routes)), deps_(deps) {}

  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    setSecurityHeaders(resp);
    dispatch(req, resp);
    // A handler that ignores the body (e.g. `{}` on POST cns/test), or an answer given before
    // the handler (401, 404, ...), leaves it unread.
    http::discardUnreadBody(req, resp, deps_.maxBodyBytes);
  }

 private:
  void dispatch(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) {
    std::string path;
    try {
      path = Poco::URI(req.getURI()).getPath();
    } catch (const Poco::Exception&) {
      http::sendError(resp, 400, "malformed request URI");
      return;
    }
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::string allow;
    for (const auto& r : *routes_) {
      std::map<std::string, std::string> p;
      if (!matchRoute(r.pattern, path, &p)) {
        continue;
      }
      allow += (allow.empty() ? "" : ", ") + r.method;
      if (r.method == req.getMethod() && route == nullptr) {
        route = &r;
        params = std::move(p);
      }
    }
    if (route == nullptr) {
      if (allow.empty()) {
        http::sendError(resp, 404, "no such resource");
      } else {
        resp.set("Allow", allow);
        http::sendError(resp, 405, "method " + req.getMethod() + " not allowed");
      }
      return;
    }
    Caller caller;
    if (route->access != Access::kPublic) {
      Result<Caller> who = deps_.authenticator.identify(req);
      if (!who.ok() && who.error().code() == StatusCode::kNotFound) {
        http::sendError(resp, 401, "authentication required (log in, or an API token)");
        return;
      }
      if (!who.ok() && who.error().code() == StatusCode::kInvalid) {
        http::sendError(resp, 401, who.error().message());
        return;
      }
      if (!who.ok()) {
        log::get(log::Id::kAdmin)
            .error("{} {}: {}", forLog(req.getMethod(), 16), forLog(path), who.error().toString());
        http::sendError(resp, 500, "internal error (see the log)");
        return;
      }
      caller = *who;
      if (route->access == Access::kSession && caller.viaToken) {
        http::sendError(resp, 403, "this needs a console session, not an API token");
        return;
      }
      if (caller.mustChangePassword && !route->allowedWhileMustChange) {
        Poco::JSON::Object o;
        o.set("error", "the password must be changed first (POST /api/v1/admin/password)");
        o.set("mustChangePassword", true);
        http::sendJson(resp, 403, o);
        return;
      }
      if (!roleAllows(caller.role, route->role)) {
        Poco::JSON::Object o;
        o.set("error", std::string("your role (") + roleName(caller.role) +
                           ") may not do this: it needs the " + roleName(route->role) + " role" +
                           (route->role == Role::kAdmin ? "" : " or above"));
        o.set("role", roleName(caller.role));
        o.set("needs", roleName(route->role));
        http::sendJson(resp, 403, o);
        return;
      }
      if (route->mutates && !caller.viaToken && !Authenticator::csrfMatches(req, caller)) {
        http::sendError(resp, 403, "missing or wrong X-CSRF-Token header");
        return;
      }
    }
    AdminCall call(req, resp, std::move(params), caller, deps_.audit, deps_.clock,
                   route->maxBodyBytes != 0 ? route->maxBodyBytes : deps_.maxBodyBytes);
    try {
      route->handler(call);
    } catch (const std::exception& e) {
      log::get(log::Id::kAdmin)
          .error("{} {}: {}", forLog(req.getMethod(), 16), forLog(path), e.what());
      if (call.status() == 0) {
        call.sendError(500, "internal error (see the log)");
      }
      return;
    }
    if (route->mutates && call.status() >= 200 && call.status() < 300 && !call.audited() &&
        !caller.actor.empty()) {
      (void)call.audit(req.getMethod() + " " + route->pattern, path);  // logged when it fails
    }
  }

  std::shared_ptr<const RouteTable> routes_;
  AdminRoutes::Deps deps_;
};

}  // namespace

bool matchRoute(const std::string& pattern, const std::string& path,
                std::map<std::string, std::string>* params) {
  auto want = segments(pattern), have = segments(path);
  if (want.size() != have.size() || (path.size() > 1 && path.back() == '/')) {
    return false;
  }
  for (size_t i = 0; i < want.size(); ++i) {
    const std::string& w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      std::string value;
      Poco::URI::decode(have[i], value);
      (*params)[w.substr(1, w.size() - 2)] = value;
    } else if (w != have[i]) {
      return false;
    }
  }
  return true;
}

Poco::Net::HTTPRequestHandler* AdminRoutes::createRequestHandler(
    const Poco::Net::HTTPServerRequest&) {
  return new Dispatcher(routes_, deps_);
}

}  // namespace enp::admin
