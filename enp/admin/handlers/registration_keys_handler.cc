#include "enp/admin/handlers/registration_keys_handler.h"

#include "enp/admin/handlers/labels.h"
#include "enp/common/secrets.h"
#include "enp/config/json_fields.h"

namespace enp::admin {

void RegistrationKeysHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/registration-keys";
  routes->push_back({.method = "GET",
                     .pattern = base,
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { list(c); },
                     .role = Role::kOperator});
  routes->push_back({"POST", base, Access::kAny, true, false, [this](AdminCall& c) { create(c); }});
  routes->push_back({"DELETE", base + "/{label}", Access::kAny, true, false,
                     [this](AdminCall& c) { revoke(c); }});
}

void RegistrationKeysHandler::list(AdminCall& call) {
  const Result<std::map<std::string, KeyUsage>> usage = usage_.all();
  if (!usage.ok()) {
    call.sendInternalError(usage.error());
    return;
  }
  const Result<Settings> settings = editor_.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  Poco::JSON::Array out;
  for (const auto& k : settings->registrationKeys) {
    Poco::JSON::Object o;
    o.set("label", k.label);
    o.set("keySet", !k.key.empty());
    auto it = usage->find(k.label);
    if (it != usage->end() && it->second.createdAt) {
      o.set("createdAt", *it->second.createdAt);
    }
    if (it != usage->end() && it->second.lastUsedAt) {
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
  const Status r = editor_.edit([&](Settings& s) {
    for (const auto& k : s.registrationKeys) {
      if (k.label == label) {
        return Status::conflict("label: '" + label + "' exists already");
      }
    }
    s.registrationKeys.push_back({label, key});
    return Status();
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  if (Status recorded = usage_.created(label, call.nowMs()); !recorded.ok()) {
    call.sendInternalError(recorded);
    return;
  }
  if (!call.audit("registration-key.create", label)) {
    return;
  }
  Poco::JSON::Object out;
  out.set("label", label);
  out.set("key", key);
  call.sendJson(201, out);
}

void RegistrationKeysHandler::revoke(AdminCall& call) {
  const std::string label = call.param("label");
  const Status r = editor_.edit([&](Settings& s) {
    for (auto it = s.registrationKeys.begin(); it != s.registrationKeys.end(); ++it) {
      if (it->label == label) {
        s.registrationKeys.erase(it);
        return Status();
      }
    }
    return Status::notFound("no registration key labelled '" + label + "'");
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  if (Status forgotten = usage_.forget(label); !forgotten.ok()) {
    call.sendInternalError(forgotten);
    return;
  }
  if (!call.audit("registration-key.revoke", label)) {
    return;
  }
  call.sendNoContent();
}

}  // namespace enp::admin
