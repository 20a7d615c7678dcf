#pragma once

#include "enp/admin/admin_call.h"
#include "enp/admin/settings_editor.h"
#include "enp/alert/alert_board.h"
#include "enp/pipeline/health_board.h"
#include "enp/source/graph/token_provider.h"
#include "enp/store/event_store.h"
#include "enp/store/graph_subscription_store.h"
#include "enp/store/registration_store.h"
#include "enp/store/subscription_store.h"

namespace enp::admin {

/// GET /api/v1/admin/dashboard?hours=N (1..24, default 3) ->
///   {queueDepth, activeRegistrations, deadLetters,
///    exchange: [{name, ewsUrl, lastSuccessAt?, lastErrorAt?, lastError?, status}],
///    graph: [{name, tenantId, lastSuccessAt?, lastErrorAt?, lastError?, status (messages
///             read), token: {status, lastIssuedAt?, lastErrorAt?, lastError?, advice?},
///             subscriptions: {state: count}}],
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
    GraphSubscriptionStore& graphSubscriptions;
    const TokenProvider& graphTokens;
  };
  explicit DashboardHandler(Deps deps) : deps_(deps) {}

  void addRoutes(RouteTable* routes);

 private:
  void get(AdminCall& call);
  /// out["graph"]: one line per tenant of the settings; false when it answered an error.
  bool addGraph(AdminCall& call, const Settings& settings, Poco::JSON::Object* out);

  Deps deps_;
};

}  // namespace enp::admin
