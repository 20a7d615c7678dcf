#include "enp/admin/handlers/dashboard_handler.h"

#include "enp/admin/handlers/alerts_handler.h"
#include "enp/sink/cns/cns_config.h"

namespace enp::admin {
namespace {

Poco::JSON::Object::Ptr health(const UpstreamHealth& h) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  if (h.lastSuccessAt != 0) {
    o->set("lastSuccessAt", h.lastSuccessAt);
  }
  if (h.lastErrorAt != 0) {
    o->set("lastErrorAt", h.lastErrorAt);
    o->set("lastError", h.lastError);
  }
  o->set("status", h.lastSuccessAt == 0 && h.lastErrorAt == 0 ? "unknown"
                   : h.lastErrorAt > h.lastSuccessAt          ? "error"
                                                              : "ok");
  return o;
}

}  // namespace

void DashboardHandler::addRoutes(RouteTable* routes) {
  routes->push_back({.method = "GET",
                     .pattern = "/api/v1/admin/dashboard",
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { get(c); },
                     .role = Role::kOperator});
}

bool DashboardHandler::addGraph(AdminCall& call, const Settings& settings,
                                Poco::JSON::Object* out) {
  const auto counts = deps_.graphSubscriptions.countByTenant();
  if (!counts.ok()) {
    call.sendError(503, counts.error().message());
    return false;
  }
  const auto reads = deps_.health.graph();
  const auto tokens = deps_.graphTokens.states();
  Poco::JSON::Array tenants;
  for (const auto& g : settings.graph) {
    auto read = reads.find(g.name);
    auto o = health(read == reads.end() ? UpstreamHealth{} : read->second);
    o->set("name", g.name);
    o->set("tenantId", g.tenantId);
    auto t = tokens.find(g.name);
    const TokenState state = t == tokens.end() ? TokenState{} : t->second;
    auto token = health({state.lastIssuedAt, state.lastErrorAt, state.lastError});
    if (token->has("lastSuccessAt")) {
      token->set("lastIssuedAt", state.lastIssuedAt);
      token->remove("lastSuccessAt");
    }
    if (state.lastErrorAt > state.lastIssuedAt && !state.advice.empty()) {
      token->set("advice", state.advice);
    }
    o->set("token", token);
    Poco::JSON::Object byState;
    if (auto c = counts->find(g.name); c != counts->end()) {
      for (const auto& [st, n] : c->second) {
        byState.set(toString(st), n);
      }
    }
    o->set("subscriptions", byState);
    tenants.add(o);
  }
  out->set("graph", tenants);
  return true;
}

void DashboardHandler::get(AdminCall& call) {
  const int hours = call.queryInt("hours", 3, 1, 24);
  const int64_t now = call.nowMs();
  const Result<Settings> loaded = deps_.settings.load();
  if (!loaded.ok()) {
    call.sendInternalError(loaded.error());
    return;
  }
  const Settings& settings = *loaded;
  const Result<int64_t> queued = deps_.events.queuedCount();
  const Result<int64_t> dead = deps_.events.countInState(EventState::kDead);
  if (!queued.ok() || !dead.ok()) {
    call.sendError(503, (queued.ok() ? dead.error() : queued.error()).message());
    return;
  }
  const Result<int64_t> active = deps_.registrations.countActive();
  if (!active.ok()) {
    call.sendInternalError(active.error());
    return;
  }
  Poco::JSON::Object out;
  out.set("queueDepth", *queued);
  out.set("activeRegistrations", *active);
  out.set("deadLetters", *dead);
  // Registrations by subscription state (servers whose subscriptions are ENP's).
  const auto subscriptions = deps_.subscriptions.countByState();
  if (!subscriptions.ok()) {
    call.sendError(503, subscriptions.error().message());
    return;
  }
  Poco::JSON::Object byState;
  for (const auto& [state, count] : *subscriptions) {
    byState.set(toString(state), count);
  }
  out.set("subscriptions", byState);
  auto exchangeHealth = deps_.health.exchange();
  Poco::JSON::Array servers;
  for (const auto& s : settings.exchange) {
    auto o = health(exchangeHealth[s.name]);
    o->set("name", s.name);
    o->set("ewsUrl", s.ewsUrl);
    servers.add(o);
  }
  out.set("exchange", servers);
  if (!addGraph(call, settings, &out)) {
    return;
  }
  auto cns = health(deps_.health.cns());
  cns->set("url", settings.cns.url);
  if (const Result<CnsConfig> usable = toCnsConfig(settings.cns); !usable.ok()) {
    // Whatever happened before, unusable settings are never "OK".
    cns->set("status", "not-configured");
    cns->set("notConfigured", usable.error().message());
  }
  out.set("cns", cns);
  Poco::JSON::Array notReady;
  for (const auto& p : settings.incomplete()) {
    notReady.add(p);
  }
  out.set("notReady", notReady);
  Poco::JSON::Array delivered, suppressed, failed;
  auto minutes = deps_.health.perMinute(hours * 60, now);
  for (const auto& m : minutes) {
    delivered.add(m.delivered);
    suppressed.add(m.suppressed);
    failed.add(m.failed);
  }
  Poco::JSON::Object series;
  series.set("start", minutes.empty() ? now : minutes.front().minute);
  series.set("minutes", static_cast<int>(minutes.size()));
  series.set("delivered", delivered);
  series.set("suppressed", suppressed);
  series.set("failed", failed);
  out.set("perMinute", series);
  Poco::JSON::Array errors;
  for (const auto& e : deps_.health.recentErrors(20)) {
    Poco::JSON::Object o;
    o.set("at", e.at);
    o.set("source", e.source);
    o.set("message", e.message);
    o.set("advice", e.advice);
    o.set("firstAt", e.firstAt);
    o.set("count", static_cast<int>(e.count));
    if (e.resolvedAt != 0) {
      o.set("resolvedAt", e.resolvedAt);
    }
    errors.add(o);
  }
  out.set("recentErrors", errors);
  Poco::JSON::Array alerts;
  for (const Alert& a : deps_.alerts.firing()) {
    alerts.add(AlertsHandler::toJson(a));
  }
  out.set("alerts", alerts);
  const MailHealth mail = deps_.alerts.mailHealth();
  Poco::JSON::Object alertMail;
  alertMail.set("enabled", settings.alerts.mailEnabled());
  if (mail.lastSentAt != 0) {
    alertMail.set("lastSentAt", mail.lastSentAt);
  }
  if (mail.lastErrorAt != 0) {
    alertMail.set("lastErrorAt", mail.lastErrorAt);
    alertMail.set("lastError", mail.lastError);
  }
  out.set("alertMail", alertMail);
  call.sendJson(200, out);
}

}  // namespace enp::admin
