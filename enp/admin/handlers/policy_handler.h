#pragma once

#include "enp/admin/admin_call.h"
#include "enp/admin/settings_editor.h"

namespace enp::admin {

/// The administrator's policy (settings "policy"):
///   GET /api/v1/admin/policy  -> {privacy, snippetLength, maxAgeMinutes, registrationDefaults}
///   PUT /api/v1/admin/policy  same shape -> 200; absent fields take their defaults (full, 140,
///                             60, {}); registrationDefaults holds registration policy fields
///                             (timeZone, workHours, workHoursOnly, weekendAlerts,
///                             vipAfterHours, vips, detailed) the registration API applies when
///                             a request leaves them out; errors name the field
///                             ("registrationDefaults.timeZone: unknown zone 'Mars/Base'")
class PolicyHandler {
 public:
  explicit PolicyHandler(SettingsEditor& editor) : editor_(editor) {}

  void addRoutes(RouteTable* routes);

 private:
  void get(AdminCall& call);
  void put(AdminCall& call);

  SettingsEditor& editor_;
};

}  // namespace enp::admin
