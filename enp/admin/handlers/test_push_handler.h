#pragma once

#include "enp/admin/admin_call.h"
#include "enp/admin/settings_editor.h"
#include "enp/http/transport_factory.h"
#include "enp/store/registration_store.h"
#include "rules/zones.h"

namespace enp::admin {

/// A test notification to one registration's device (operator and admin; audited):
///   POST /api/v1/admin/registrations/{id}/test-push  {}
///     -> 200 {ok, outcome (delivered|retry|dead-letter|not-configured), httpStatus?, message,
///             detail, reason?, setting?, settingLabel?}
/// It goes through the configured CNS as a real push does (the same signer, client and
/// buildNotificationClaim() with the registration's detail level and the privacy cap), from
/// "ENP" with the subject "ENP test notification" and a snippet saying no mail arrived (what
/// the privacy cap lets through; a generic notification carries only {kind, count}). Its jti is
/// new each time, so CNS never drops it as a duplicate. `message` says in plain words what CNS
/// did; a refusal adds CNS's reason and the setting it points at (cns_refusal.h). 404 an unknown
/// registration, 409 a revoked one. The result is not written to CNS's health (a device's
/// refusal, e.g. an unknown token, says nothing about ENP's CNS settings).
class TestPushHandler {
 public:
  struct Deps {
    SettingsEditor& editor;
    RegistrationStore& registrations;
    const rules::ZoneDb& zones;
    TransportFactory transports;
    const Clock& clock;
  };
  explicit TestPushHandler(Deps deps) : deps_(std::move(deps)) {}

  void addRoutes(RouteTable* routes);

 private:
  void testPush(AdminCall& call);

  Deps deps_;
};

}  // namespace enp::admin
