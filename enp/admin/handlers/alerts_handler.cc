#include "enp/admin/handlers/alerts_handler.h"

#include "enp/alert/test_mail.h"
#include "enp/config/json_fields.h"
#include "enp/config/smtp_presets.h"

namespace enp::admin {
namespace {

Poco::JSON::Object mailJson(const AlertSettings& s, const MailHealth& h) {
  Poco::JSON::Object o;
  o.set("enabled", s.mailEnabled());
  if (h.lastSentAt != 0) {
    o.set("lastSentAt", h.lastSentAt);
  }
  if (h.lastErrorAt != 0) {
    o.set("lastErrorAt", h.lastErrorAt);
    o.set("lastError", h.lastError);
  }
  return o;
}

}  // namespace

Poco::JSON::Object::Ptr AlertsHandler::toJson(const Alert& a) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("id", a.id);
  o->set("key", a.key);
  o->set("severity", std::string(toString(a.severity)));
  o->set("state", std::string(toString(a.state)));
  o->set("title", a.title);
  o->set("summary", a.summary);
  o->set("advice", a.advice);
  o->set("firstSeenAt", a.firstSeenAt);
  o->set("lastSeenAt", a.lastSeenAt);
  o->set("count", a.count);
  if (a.resolvedAt != 0) {
    o->set("resolvedAt", a.resolvedAt);
  }
  if (a.mailedAt != 0) {
    o->set("mailedAt", a.mailedAt);
  }
  return o;
}

void AlertsHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/alerts";
  routes->push_back({.method = "GET",
                     .pattern = base,
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { list(c); },
                     .role = Role::kOperator});
  routes->push_back({.method = "GET",
                     .pattern = base + "/history",
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { history(c); },
                     .role = Role::kOperator});
  routes->push_back({.method = "GET",
                     .pattern = base + "/settings",
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { getSettings(c); },
                     .role = Role::kOperator});
  routes->push_back({.method = "PUT",
                     .pattern = base + "/settings",
                     .access = Access::kAny,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { putSettings(c); }});
  routes->push_back({.method = "GET",
                     .pattern = base + "/presets",
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { presets(c); },
                     .role = Role::kOperator});
  routes->push_back({.method = "POST",
                     .pattern = base + "/test",
                     .access = Access::kAny,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { test(c); }});
}

void AlertsHandler::list(AdminCall& call) {
  Poco::JSON::Array firing;
  for (const Alert& a : deps_.board.firing()) {
    firing.add(toJson(a));
  }
  const Result<Settings> settings = deps_.editor.load();
  if (!settings.ok()) {
    call.sendStatus(settings.error());
    return;
  }
  Poco::JSON::Object out;
  out.set("firing", firing);
  out.set("mail", mailJson(settings->alerts, deps_.board.mailHealth()));
  call.sendJson(200, out);
}

void AlertsHandler::history(AdminCall& call) {
  const int limit = call.queryInt("limit", 100, 1, 500);
  const int before = call.queryInt("before", 0, 0, 0x7fffffff);
  // Stored episodes, and what the board holds that is not stored yet (a failing database).
  const Result<std::vector<Alert>> stored = deps_.store.history(limit, before);
  if (!stored.ok()) {
    call.sendError(503, stored.error().message());
    return;
  }
  Poco::JSON::Array out;
  if (before == 0) {
    for (const BoardAlert& b : deps_.board.open()) {
      if (b.alert.id == 0) {
        out.add(toJson(b.alert));
      }
    }
  }
  for (const Alert& a : *stored) {
    out.add(toJson(a));
  }
  call.sendJson(200, out);
}

void AlertsHandler::getSettings(AdminCall& call) {
  const Result<Settings> settings = deps_.editor.load();
  if (!settings.ok()) {
    call.sendStatus(settings.error());
    return;
  }
  call.sendJson(200, *alertSettingsToJson(settings->alerts, false));
}

void AlertsHandler::putSettings(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  AlertSettings next;
  const Status read = alertSettingsFromJson(*body, "", &next);
  if (!read.ok()) {
    call.sendError(400, read.message());
    return;
  }
  const bool passwordChanged = !next.smtp.password.empty();
  const Status r = deps_.editor.edit([&](Settings& s) {
    if (next.smtp.password.empty() && next.smtp.username == s.alerts.smtp.username &&
        !s.alerts.smtp.password.empty()) {
      if (next.smtp.host != s.alerts.smtp.host || next.smtp.port != s.alerts.smtp.port) {
        return Status::invalid("smtp.password: the mail server is now " + next.smtp.host + ":" +
                               std::to_string(next.smtp.port) +
                               ": enter the password again (a stored secret is only sent where "
                               "it was saved for)");
      }
      next.smtp.password = s.alerts.smtp.password;
    }
    s.alerts = next;
    return Status();
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  Poco::JSON::Object details;
  details.set("host", next.smtp.host);
  details.set("port", next.smtp.port);
  details.set("security", std::string(toString(next.smtp.security)));
  details.set("recipients", static_cast<int>(next.recipients.size()));
  details.set("passwordChanged", passwordChanged);
  if (!call.audit("alerts.update", "alerts", details)) {
    return;
  }
  call.sendJson(200, *alertSettingsToJson(next, false));
}

void AlertsHandler::presets(AdminCall& call) {
  Poco::JSON::Array out;
  for (const SmtpPreset& p : smtpPresets()) {
    Poco::JSON::Object o;
    o.set("name", p.name);
    o.set("label", p.label);
    o.set("host", p.host);
    o.set("port", p.port);
    o.set("security", std::string(toString(p.security)));
    o.set("authentication", p.authentication);
    o.set("requirements", p.requirements);
    out.add(o);
  }
  call.sendJson(200, out);
}

void AlertsHandler::test(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string to;
  if (const Status read = json::getString(*body, "to", "", &to); !read.ok()) {
    call.sendStatus(read);
    return;
  }
  if (!to.empty()) {
    const Status address = checkMailAddress(to, "to");
    if (!address.ok()) {
      call.sendError(400, address.message());
      return;
    }
  }
  const Result<Settings> stored = deps_.editor.load();
  if (!stored.ok()) {
    call.sendStatus(stored.error());
    return;
  }
  const AlertSettings& settings = stored->alerts;
  const std::vector<std::string> recipients =
      to.empty() ? settings.recipients : std::vector<std::string>{to};
  MailerPtr mailer = deps_.mailers();
  const Status sent = sendTestMail(*mailer, settings, recipients, call.nowMs(), deps_.consoleUrl);
  std::string list;
  for (const auto& r : recipients) {
    list += (list.empty() ? "" : ", ") + r;
  }
  Poco::JSON::Object out;
  out.set("ok", sent.ok());
  out.set("to", list);
  out.set("detail", sent.ok() ? "the server accepted the test mail for " + list : sent.message());
  Poco::JSON::Object details;
  details.set("ok", sent.ok());
  details.set("recipients", static_cast<int>(recipients.size()));
  if (!call.audit("alerts.test", "alerts", details)) {
    return;
  }
  call.sendJson(200, out);
}

}  // namespace enp::admin
