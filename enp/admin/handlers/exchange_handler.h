#pragma once

#include "enp/admin/admin_call.h"
#include "enp/admin/settings_editor.h"
#include "enp/common/clock.h"
#include "enp/http/transport_factory.h"
#include "enp/pipeline/health_board.h"

namespace enp::admin {

/// Exchange servers (settings "exchange"); bodies are one server as in the settings document,
/// errors name the field ("ewsUrl: expected an http(s) URL, got 'x'"):
///   GET    /api/v1/admin/exchange               -> [server] (no passwords: "passwordSet")
///   POST   /api/v1/admin/exchange               server -> 201 server; 409 name taken
///   GET    /api/v1/admin/exchange/{name}        -> server; 404
///   PUT    /api/v1/admin/exchange/{name}        server -> 200 server (renames when "name"
///                                               differs; no password = keep the stored one)
///   DELETE /api/v1/admin/exchange/{name}        -> 204
///   POST   /api/v1/admin/exchange/{name}/test   {mailbox} -> 200 {ok, explanation, detail,
///                                               warnings[]} (the `enp ews test` check, in
///                                               plain words; its result is the server's health)
class ExchangeHandler {
 public:
  ExchangeHandler(SettingsEditor& editor, TransportFactory transports, HealthBoard& health,
                  const Clock& clock)
      : editor_(editor), transports_(std::move(transports)), health_(health), clock_(clock) {}

  void addRoutes(RouteTable* routes);

 private:
  void list(AdminCall& call);
  void get(AdminCall& call);
  void create(AdminCall& call);
  void update(AdminCall& call);
  void remove(AdminCall& call);
  void test(AdminCall& call);

  SettingsEditor& editor_;
  const TransportFactory transports_;
  HealthBoard& health_;  ///< A test's result is the server's health.
  const Clock& clock_;
};

}  // namespace enp::admin
