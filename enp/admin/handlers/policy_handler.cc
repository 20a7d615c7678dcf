#include "enp/admin/handlers/policy_handler.h"

namespace enp::admin {

void PolicyHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/policy";
  routes->push_back({"GET", base, Access::kAny, false, false, [this](AdminCall& c) { get(c); }});
  routes->push_back({"PUT", base, Access::kAny, true, false, [this](AdminCall& c) { put(c); }});
}

void PolicyHandler::get(AdminCall& call) {
  call.sendJson(200, *policySettingsToJson(editor_.load().policy));
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
  std::string error =
      editor_.checkRegistrationDefaults(next.registrationDefaults, "registrationDefaults");
  if (!error.empty()) {
    call.sendError(400, error);
    return;
  }
  auto r = editor_.edit([&](Settings& s) {
    s.policy = next;
    return EditResult{};
  });
  if (!r.ok()) {
    call.sendError(r.status, r.error);
    return;
  }
  auto doc = policySettingsToJson(next);
  call.audit("policy.update", "policy", *doc);
  call.sendJson(200, *doc);
}

}  // namespace enp::admin
