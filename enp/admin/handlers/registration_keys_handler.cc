#include "enp/admin/handlers/registration_keys_handler.h"

#include "enp/admin/handlers/labels.h"
#include "enp/common/secrets.h"
#include "enp/config/json_fields.h"

namespace enp::admin {

void RegistrationKeysHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/registration-keys";
  routes->push_back({"GET", base, Access::kAny, false, false, [this](AdminCall& c) { list(c); }});
  routes->push_back({"POST", base, Access::kAny, true, false, [this](AdminCall& c) { create(c); }});
  routes->push_back({"DELETE", base + "/{label}", Access::kAny, true, false,
                     [this](AdminCall& c) { revoke(c); }});
}

void RegistrationKeysHandler::list(AdminCall& call) {
  auto usage = usage_.all();
  Poco::JSON::Array out;
  for (const auto& k : editor_.load().registrationKeys) {
    Poco::JSON::Object o;
    o.set("label", k.label);
    o.set("keySet", !k.key.empty());
    auto it = usage.find(k.label);
    if (it != usage.end() && it->second.createdAt) {
      o.set("createdAt", *it->second.createdAt);
    }
    if (it != usage.end() && it->second.lastUsedAt) {
      o.set("lastUsedAt", *it->second.lastUsedAt);
    }
    out.add(o);
  }
  call.sendJson(200, out);
}

void RegistrationKeysHandler::create(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string label;
  Status read = json::getString(*body, "label", "", &label);
  if (read.ok()) {
    read = checkLabel(label, "label");
  }
  if (!read.ok()) {
    call.sendStatus(read);
    return;
  }
  const std::string key = randomToken(24);
  auto r = editor_.edit([&](Settings& s) {
    for (const auto& k : s.registrationKeys) {
      if (k.label == label) {
        return EditResult::fail(409, "label: '" + label + "' exists already");
      }
    }
    s.registrationKeys.push_back({label, key});
    return EditResult{};
  });
  if (!r.ok()) {
    call.sendError(r.status, r.error);
    return;
  }
  usage_.created(label, call.nowMs());
  call.audit("registration-key.create", label);
  Poco::JSON::Object out;
  out.set("label", label);
  out.set("key", key);
  call.sendJson(201, out);
}

void RegistrationKeysHandler::revoke(AdminCall& call) {
  const std::string label = call.param("label");
  auto r = editor_.edit([&](Settings& s) {
    for (auto it = s.registrationKeys.begin(); it != s.registrationKeys.end(); ++it) {
      if (it->label == label) {
        s.registrationKeys.erase(it);
        return EditResult{};
      }
    }
    return EditResult::fail(404, "no registration key labelled '" + label + "'");
  });
  if (!r.ok()) {
    call.sendError(r.status, r.error);
    return;
  }
  usage_.forget(label);
  call.audit("registration-key.revoke", label);
  call.sendNoContent();
}

}  // namespace enp::admin
