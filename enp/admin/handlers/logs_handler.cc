#include "enp/admin/handlers/logs_handler.h"

#include <Poco/JSON/Parser.h>

#include <set>

#include "enp/common/log.h"

namespace enp::admin {

void LogsHandler::addRoutes(RouteTable* routes) {
  routes->push_back({.method = "GET",
                     .pattern = "/api/v1/admin/logs",
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { logs(c); },
                     .role = Role::kOperator});
  routes->push_back({.method = "GET",
                     .pattern = "/api/v1/admin/audit",
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { audit(c); },
                     .role = Role::kOperator});
}

void LogsHandler::logs(AdminCall& call) {
  static const std::set<std::string> kLevels = {"",     "trace", "debug",   "info",
                                                "warn", "error", "critical"};
  std::string level = call.query("level"), logger = call.query("logger");
  if (kLevels.count(level) == 0) {
    call.sendError(400, "level: expected trace|debug|info|warn|error, got '" + level + "'");
    return;
  }
  if (!logger.empty() && !log::isLoggerName(logger)) {
    call.sendError(400, "logger: expected http|ews|rules|pipeline|sink|store|admin|main, got '" +
                            logger + "'");
    return;
  }
  Poco::JSON::Array out;
  for (const auto& e :
       log::recent(level, logger, static_cast<size_t>(call.queryInt("limit", 200, 1, 2000)))) {
    Poco::JSON::Object o;
    o.set("at", e.atMs);
    o.set("level", e.level);
    o.set("logger", e.logger);
    o.set("message", e.message);
    out.add(o);
  }
  call.sendJson(200, out);
}

void LogsHandler::audit(AdminCall& call) {
  const Result<std::vector<AuditEntry>> entries =
      audit_.recent(call.queryInt("limit", 100, 1, 1000), call.query("action"));
  if (!entries.ok()) {
    call.sendInternalError(entries.error());
    return;
  }
  Poco::JSON::Array out;
  for (const auto& e : *entries) {
    Poco::JSON::Object o;
    o.set("id", e.id);
    o.set("at", e.at);
    o.set("actor", e.actor);
    o.set("action", e.action);
    o.set("target", e.target);
    try {
      o.set("details", Poco::JSON::Parser().parse(e.details));
    } catch (const std::exception&) {
      o.set("details", e.details);
    }
    out.add(o);
  }
  call.sendJson(200, out);
}

}  // namespace enp::admin
