#pragma once

#include "enp/admin/admin_call.h"
#include "enp/admin/settings_editor.h"
#include "enp/store/key_usage_store.h"

namespace enp::admin {

/// Registration keys (settings "registrationKeys"), the Bearer of POST /api/v1/registrations.
/// The keys stay in the settings document (so export/import carries them); created/last-used
/// times come from KeyUsageStore:
///   GET    /api/v1/admin/registration-keys          -> [{label, createdAt?, lastUsedAt?}]
///   POST   /api/v1/admin/registration-keys          {label} -> 201 {label, key} (shown once;
///                                                   192 random bits); 409 label taken
///   DELETE /api/v1/admin/registration-keys/{label}  -> 204; new registrations with the key get
///                                                   401 (existing registrations stay)
class RegistrationKeysHandler {
 public:
  RegistrationKeysHandler(SettingsEditor& editor, KeyUsageStore& usage)
      : editor_(editor), usage_(usage) {}

  void addRoutes(RouteTable* routes);

 private:
  void list(AdminCall& call);
  void create(AdminCall& call);
  void revoke(AdminCall& call);

  SettingsEditor& editor_;
  KeyUsageStore& usage_;
};

}  // namespace enp::admin
