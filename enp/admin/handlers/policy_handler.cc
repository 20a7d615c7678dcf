#include "enp/admin/handlers/policy_handler.h"

namespace enp::admin {

void PolicyHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/policy";
  routes->push_back({.method = "GET",
                     .pattern = base,
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { get(c); },
                     .role = Role::kOperator});
  routes->push_back({"PUT", base, Access::kAny, true, false, [this](AdminCall& c) { put(c); }});
}

void PolicyHandler::get(AdminCall& call) {
  const Result<Settings> settings = editor_.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  call.sendJson(200, *policySettingsToJson(settings->policy));
}

void PolicyHandler::put(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  Result<PolicySettings> parsed = policySettingsFromJson(*body, "");
  if (!parsed.ok()) {
    call.sendStatus(parsed.error());
    return;
  }
  const PolicySettings& next = *parsed;
  if (Status checked =
          editor_.checkRegistrationDefaults(next.registrationDefaults, "registrationDefaults");
      !checked.ok()) {
    call.sendStatus(checked);
    return;
  }
  const Status r = editor_.edit([&](Settings& s) {
    s.policy = next;
    return Status();
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  auto doc = policySettingsToJson(next);
  if (!call.audit("policy.update", "policy", *doc)) {
    return;
  }
  call.sendJson(200, *doc);
}

}  // namespace enp::admin
