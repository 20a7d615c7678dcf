#pragma once

#include "enp/admin/admin_call.h"
#include "enp/admin/settings_editor.h"
#include "enp/http/transport_factory.h"
#include "enp/pipeline/health_board.h"
#include "enp/sink/cns/cns_config.h"

namespace enp::admin {

/// The CNS settings (settings "cns"):
///   GET  /api/v1/admin/cns               -> cns without secrets ("tokenSet", "keySet") plus
///                                           "publicKey" (PEM) when the key is RSA/EC
///   PUT  /api/v1/admin/cns               cns -> 200 cns; a token or key left out keeps the
///                                           stored one
///   POST /api/v1/admin/cns/test          {} -> 200 {ok, outcome, httpStatus, detail, reason,
///                                           setting}: a signed test push (device token
///                                           "enp-console-test", {"kind":"mail","count":0}),
///                                           what CNS answered, its stated reason and the
///                                           setting that points at; the result is CNS's health
///   POST /api/v1/admin/cns/generate-key  {keyId?} -> 200 {algorithm:"ES256", keyId,
///                                           publicKey}: a new P-256 key is stored (the private
///                                           key is never shown); give publicKey to CNS
class CnsHandler {
 public:
  CnsHandler(SettingsEditor& editor, TransportFactory transports, HealthBoard& health,
             const Clock& clock)
      : editor_(editor), transports_(std::move(transports)), health_(health), clock_(clock) {}

  void addRoutes(RouteTable* routes);

 private:
  void get(AdminCall& call);
  void put(AdminCall& call);
  void test(AdminCall& call);
  void generateKey(AdminCall& call);

  SettingsEditor& editor_;
  const TransportFactory transports_;
  HealthBoard& health_;  ///< A test's result is CNS's health.
  const Clock& clock_;
};

}  // namespace enp::admin
