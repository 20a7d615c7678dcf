#pragma once

#include "enp/admin/admin_call.h"
#include "enp/admin/settings_editor.h"
#include "enp/store/admin_user_store.h"

namespace enp::admin {

/// The whole settings document (DESIGN §4.2.1), as `enp settings export/import`:
///   GET  /api/v1/admin/settings          -> the document without secrets ("<secret>Set": true)
///   PUT  /api/v1/admin/settings          the document -> 200 the saved document (no secrets);
///                                        validated whole before anything changes; a secret left
///                                        out keeps its stored value (servers by name, keys by
///                                        label), so an export without secrets re-imports
///   POST /api/v1/admin/settings/export   {withSecrets: bool, password?} -> the document; with
///                                        secrets only on this explicit request, and a session
///                                        must repeat its password (403 otherwise); audited
class SettingsHandler {
 public:
  SettingsHandler(SettingsEditor& editor, AdminUserStore& users) : editor_(editor), users_(users) {}

  void addRoutes(RouteTable* routes);

 private:
  void get(AdminCall& call);
  void put(AdminCall& call);
  void exportDocument(AdminCall& call);

  SettingsEditor& editor_;
  AdminUserStore& users_;
};

}  // namespace enp::admin
