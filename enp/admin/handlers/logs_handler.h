#pragma once

#include "enp/admin/admin_call.h"
#include "enp/store/audit_store.h"

namespace enp::admin {

/// The daemon's recent log lines (the last 2000, in memory) and the audit log:
///   GET /api/v1/admin/logs?level=L&logger=N&limit=K  -> [{at, level, logger, message}], newest
///       first; level = minimum (trace|debug|info|warn|error), logger = http|ews|rules|pipeline|
///       sink|store|admin|main; limit 1..2000, default 200. 400 naming the parameter otherwise.
///   GET /api/v1/admin/audit?limit=K&action=PREFIX    -> [{id, at, actor, action, target,
///       details}], newest first; limit 1..1000, default 100
class LogsHandler {
 public:
  explicit LogsHandler(AuditStore& audit) : audit_(audit) {}

  void addRoutes(RouteTable* routes);

 private:
  void logs(AdminCall& call);
  void audit(AdminCall& call);

  AuditStore& audit_;
};

}  // namespace enp::admin
