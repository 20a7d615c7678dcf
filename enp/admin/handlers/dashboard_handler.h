#pragma once

#include "enp/admin/admin_call.h"
#include "enp/admin/settings_editor.h"
#include "enp/alert/alert_board.h"
#include "enp/pipeline/health_board.h"
#include "enp/store/event_store.h"
#include "enp/store/registration_store.h"
#include "enp/store/subscription_store.h"

namespace enp::admin {

/// GET /api/v1/admin/dashboard?hours=N (1..24, default 3) ->
///   {queueDepth, activeRegistrations, deadLetters,
///    exchange: [{name, ewsUrl, lastSuccessAt?, lastErrorAt?, lastError?, status}],
///    cns: {url, lastSuccessAt?, lastErrorAt?, lastError?, status},
///    notReady: ["cns.url: not set", ...],
///    perMinute: {start, minutes: N*60, delivered: [..], suppressed: [..], failed: [..]},
///    recentErrors: [{at, source, message, advice}],
///    alerts: [alert] (the firing ones, as GET /api/v1/admin/alerts),
///    alertMail: {enabled, lastSentAt?, lastErrorAt?, lastError?}}
/// status: "ok" (last contact succeeded), "error" (last contact failed) or "unknown" (no
/// contact since the daemon started). Times are ms since the epoch.
class DashboardHandler {
 public:
  struct Deps {
    HealthBoard& health;
    EventStore& events;
    RegistrationStore& registrations;
    SettingsEditor& settings;
    AlertBoard& alerts;
    SubscriptionStore& subscriptions;
  };
  explicit DashboardHandler(Deps deps) : deps_(deps) {}

  void addRoutes(RouteTable* routes);

 private:
  void get(AdminCall& call);

  Deps deps_;
};

}  // namespace enp::admin
