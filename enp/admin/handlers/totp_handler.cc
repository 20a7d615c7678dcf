#include "enp/admin/handlers/totp_handler.h"

#include "enp/admin/auth/password.h"
#include "enp/admin/auth/totp.h"
#include "enp/config/json_fields.h"

namespace enp::admin {
namespace {

constexpr const char* kIssuer = "ENP";

}  // namespace

void TotpHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/totp";
  routes->push_back({.method = "POST",
                     .pattern = base + "/enrol",
                     .access = Access::kSession,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { enrol(c); },
                     .role = Role::kHelpdesk});
  routes->push_back({.method = "POST",
                     .pattern = base + "/confirm",
                     .access = Access::kSession,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { confirm(c); },
                     .role = Role::kHelpdesk});
  routes->push_back({.method = "POST",
                     .pattern = base + "/disable",
                     .access = Access::kSession,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { disable(c); },
                     .role = Role::kHelpdesk});
}

std::optional<AdminUser> TotpHandler::checkPassword(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return std::nullopt;
  }
  std::string current;
  if (Status read = json::getString(*body, "currentPassword", "", &current); !read.ok()) {
    call.sendStatus(read);
    return std::nullopt;
  }
  const Result<AdminUser> stored = deps_.users.find(call.caller().user);
  if (!stored.ok() && stored.error().code() != StatusCode::kNotFound) {
    call.sendInternalError(stored.error());
    return std::nullopt;
  }
  if (!stored.ok() || !verifyPassword(current, stored->passwordHash)) {
    call.sendError(400, "currentPassword: wrong password");
    return std::nullopt;
  }
  return *stored;
}

void TotpHandler::enrol(AdminCall& call) {
  const std::optional<AdminUser> user = checkPassword(call);
  if (!user) {
    return;
  }
  if (user->totpEnabled) {
    call.sendError(409, "the second factor is on already (turn it off first to replace it)");
    return;
  }
  const Result<std::string> secret = deps_.secondFactor.begin(user->name, call.nowMs());
  if (!secret.ok()) {
    call.sendInternalError(secret.error());
    return;
  }
  if (!call.audit("totp.enrol", user->name)) {
    return;
  }
  Poco::JSON::Object out;
  out.set("secret", base32Encode(*secret));
  out.set("uri", otpauthUri(kIssuer, user->name, *secret));
  call.sendJson(200, out);
}

void TotpHandler::confirm(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string code;
  if (Status read = json::getString(*body, "code", "", &code); !read.ok()) {
    call.sendStatus(read);
    return;
  }
  const Status confirmed = deps_.secondFactor.confirm(call.caller().user, code, call.nowMs());
  if (!confirmed.ok()) {
    call.sendStatus(confirmed);
    return;
  }
  if (!call.audit("totp.enable", call.caller().user)) {
    return;
  }
  call.sendNoContent();
}

void TotpHandler::disable(AdminCall& call) {
  const std::optional<AdminUser> user = checkPassword(call);
  if (!user) {
    return;
  }
  if (Status cleared = deps_.users.clearTotp(user->name, call.nowMs()); !cleared.ok()) {
    call.sendStatus(cleared);
    return;
  }
  if (!call.audit("totp.disable", user->name)) {
    return;
  }
  call.sendNoContent();
}

}  // namespace enp::admin
