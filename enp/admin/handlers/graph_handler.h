#pragma once

#include "enp/admin/admin_call.h"
#include "enp/admin/settings_editor.h"
#include "enp/common/clock.h"
#include "enp/http/transport_factory.h"

namespace enp::admin {

/// Exchange Online tenants reached through Microsoft Graph (settings "graph"); bodies are one
/// tenant as in the settings document, validated as `enp settings import` validates it (errors
/// name the field: "clientId: expected the application (client) id, a GUID, got 'x'"):
///   GET    /api/v1/admin/graph               -> [tenant] (no client secret: "auth.secretSet")
///   POST   /api/v1/admin/graph               tenant -> 201 tenant; 409 name taken
///   GET    /api/v1/admin/graph/{name}        -> tenant; 404
///   PUT    /api/v1/admin/graph/{name}        tenant -> 200 tenant (renames when "name" differs;
///                                            no secret = keep the stored one, only for the
///                                            same token URL origin, tenant and client id)
///   DELETE /api/v1/admin/graph/{name}        -> 204
///   POST   /api/v1/admin/graph/{name}/test   {mailbox?} -> 200 {ok, step, explanation, detail}
///                                            with the saved settings (`enp graph test`)
///   POST   /api/v1/admin/graph/test          {tenant, mailbox?} -> the same for settings not
///                                            saved yet; a secret must be in them (a stored one
///                                            is never used for them)
class GraphHandler {
 public:
  GraphHandler(SettingsEditor& editor, TransportFactory transports, const Clock& clock)
      : editor_(editor), transports_(std::move(transports)), clock_(clock) {}

  void addRoutes(RouteTable* routes);

 private:
  void list(AdminCall& call);
  void get(AdminCall& call);
  void create(AdminCall& call);
  void update(AdminCall& call);
  void remove(AdminCall& call);
  void testSaved(AdminCall& call);
  void testUnsaved(AdminCall& call);
  void runTest(AdminCall& call, const GraphTenant& tenant, const std::string& mailbox);

  SettingsEditor& editor_;
  const TransportFactory transports_;
  const Clock& clock_;
};

}  // namespace enp::admin
