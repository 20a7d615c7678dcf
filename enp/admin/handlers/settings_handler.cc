#include "enp/admin/handlers/settings_handler.h"

#include <charconv>
#include <optional>

#include "enp/admin/auth/password_confirm.h"
#include "enp/admin/import_plan.h"
#include "enp/common/log.h"
#include "enp/common/log_text.h"
#include "enp/config/json_fields.h"

namespace enp::admin {
namespace {

// A yes/no query parameter: "1" or "true", "0", "false" or absent; kInvalid naming it otherwise.
Result<bool> flag(const AdminCall& call, const std::string& name) {
  const std::string v = call.query(name);
  if (v == "1" || v == "true") {
    return true;
  }
  if (v.empty() || v == "0" || v == "false") {
    return false;
  }
  return Status::invalid(name + ": expected 1 or 0");
}

}  // namespace

void SettingsHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/settings";
  routes->push_back({.method = "GET",
                     .pattern = base,
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { get(c); },
                     .role = Role::kOperator});
  routes->push_back({"PUT", base, Access::kAny, true, false, [this](AdminCall& c) { put(c); }});
  routes->push_back({"POST", base + "/import", Access::kAny, true, false,
                     [this](AdminCall& c) { importDocument(c); }});
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

std::optional<ImportPlan> SettingsHandler::apply(AdminCall& call, const Poco::JSON::Object& doc,
                                                 ImportMode mode, std::optional<int64_t> previewed,
                                                 bool whole) {
  std::optional<ImportPlan> plan;
  const Status r = editor_.edit([&](Settings& s) -> Status {
    if (previewed) {  // Under the editor's lock: what is applied is what was shown.
      const Result<int64_t> now = editor_.version();
      if (!now.ok()) {
        return now.error();
      }
      if (*now != *previewed) {
        return Status::conflict(
            "version: the settings were changed since the preview: preview the import again");
      }
    }
    Result<ImportPlan> p = planImport(s, doc, mode, editor_.zones());
    if (!p.ok()) {
      return p.error();
    }
    for (const std::string& section : settingsSections()) {
      // graph and mailServers came later: a document without them has none.
      if (whole && section != "graph" && section != "mailServers" &&
          (!doc.has(section) || doc.isNull(section))) {
        return Status::invalid(section +
                               ": missing (PUT replaces the whole document, so every section must "
                               "be there, an empty one to clear it; POST settings/import changes "
                               "only the sections a document holds)");
      }
    }
    s = p->imported.settings;
    plan = std::move(*p);
    return Status();
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return std::nullopt;
  }
  if (!call.audit("settings.import", "settings", auditDetails(*plan))) {
    return std::nullopt;
  }
  return plan;
}

void SettingsHandler::put(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  if (!apply(call, *body, ImportMode::kReplace, std::nullopt, true)) {
    return;
  }
  const Result<Settings> saved = editor_.load();
  if (!saved.ok()) {
    call.sendInternalError(saved.error());
    return;
  }
  call.sendJson(200, *settingsToJson(*saved, false));
}

void SettingsHandler::importDocument(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  const Result<bool> dryRun = flag(call, "dryRun");
  const Result<bool> replace = flag(call, "replace");
  std::optional<int64_t> previewed;
  if (const std::string v = call.query("version"); !v.empty()) {
    int64_t n = 0;
    const auto [end, error] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (error != std::errc() || end != v.data() + v.size()) {
      call.sendError(400, "version: expected the version a preview answered");
      return;
    }
    previewed = n;
  }
  if (!dryRun.ok() || !replace.ok()) {
    call.sendStatus(!dryRun.ok() ? dryRun.error() : replace.error());
    return;
  }
  const ImportMode mode = *replace ? ImportMode::kReplace : ImportMode::kMerge;
  if (*dryRun) {
    // The version first: should a change be saved in between, the preview shows newer
    // settings than its version, and applying it is refused (409) rather than applied to
    // settings other than those it shows.
    const Result<int64_t> version = editor_.version();
    const Result<Settings> stored = version.ok() ? editor_.load() : version.error();
    if (!stored.ok()) {
      call.sendInternalError(stored.error());
      return;
    }
    const Result<ImportPlan> plan = planImport(*stored, *body, mode, editor_.zones());
    if (!plan.ok()) {
      call.sendStatus(plan.error());
      return;
    }
    Poco::JSON::Object::Ptr answer = planToJson(*plan);
    answer->set("dryRun", true);
    answer->set("version", *version);
    Poco::JSON::Object details;
    details.set("mode", answer->get("mode"));
    details.set("changes", static_cast<int>(plan->changes.size()));
    if (!call.audit("settings.import.preview", "settings", details)) {
      return;
    }
    call.sendJson(200, *answer);
    return;
  }
  const std::optional<ImportPlan> plan = apply(call, *body, mode, previewed, false);
  if (!plan) {
    return;
  }
  const Result<int64_t> version = editor_.version();
  const Result<Settings> saved = version.ok() ? editor_.load() : version.error();
  if (!saved.ok()) {
    call.sendInternalError(saved.error());
    return;
  }
  Poco::JSON::Object::Ptr answer = planToJson(*plan);
  answer->set("dryRun", false);
  answer->set("version", *version);
  answer->set("settings", settingsToJson(*saved, false));
  call.sendJson(200, *answer);
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
  if (withSecrets && !passwordRepeated(call, users_, passwords_, password,
                                       {"export secrets", "exports with secrets", "settings.export",
                                        "settings"})) {
    return;
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
