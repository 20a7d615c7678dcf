#include "enp/admin/handlers/settings_handler.h"

#include "enp/admin/auth/password.h"
#include "enp/config/json_fields.h"

namespace enp::admin {

void SettingsHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/settings";
  routes->push_back({"GET", base, Access::kAny, false, false, [this](AdminCall& c) { get(c); }});
  routes->push_back({"PUT", base, Access::kAny, true, false, [this](AdminCall& c) { put(c); }});
  routes->push_back({"POST", base + "/export", Access::kAny, true, false,
                     [this](AdminCall& c) { exportDocument(c); }});
}

void SettingsHandler::get(AdminCall& call) {
  const Result<Settings> settings = editor_.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  call.sendJson(200, *settingsToJson(*settings, false));
}

void SettingsHandler::put(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  Result<Settings> parsed = settingsFromJson(*body);
  if (!parsed.ok()) {
    call.sendStatus(parsed.error());
    return;
  }
  Settings& next = *parsed;
  const Status r = editor_.edit([&](Settings& s) {
    ENP_RETURN_IF_ERROR(keepSecrets(s, &next));
    s = next;
    return Status();
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  const Result<Settings> loaded = editor_.load();
  if (!loaded.ok()) {
    call.sendInternalError(loaded.error());
    return;
  }
  const Settings& saved = *loaded;
  Poco::JSON::Object details;
  details.set("exchangeServers", static_cast<int>(saved.exchange.size()));
  details.set("registrationKeys", static_cast<int>(saved.registrationKeys.size()));
  if (!call.audit("settings.import", "settings", details)) {
    return;
  }
  call.sendJson(200, *settingsToJson(saved, false));
}

void SettingsHandler::exportDocument(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  bool withSecrets = false;
  std::string password;
  Status read = json::getBool(*body, "withSecrets", "", &withSecrets);
  if (read.ok()) {
    read = json::getString(*body, "password", "", &password);
  }
  if (!read.ok()) {
    call.sendStatus(read);
    return;
  }
  if (withSecrets && !call.caller().viaToken) {
    const Result<AdminUser> user = users_.find(call.caller().user);
    if (!user.ok() && user.error().code() != StatusCode::kNotFound) {
      call.sendInternalError(user.error());
      return;
    }
    if (!user.ok() || !verifyPassword(password, user->passwordHash)) {
      call.sendError(403, "password: repeat your password to export secrets");
      return;
    }
  }
  Poco::JSON::Object details;
  details.set("withSecrets", withSecrets);
  if (!call.audit("settings.export", "settings", details)) {
    return;
  }
  const Result<Settings> settings = editor_.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  call.sendJson(200, *settingsToJson(*settings, withSecrets));
}

}  // namespace enp::admin
