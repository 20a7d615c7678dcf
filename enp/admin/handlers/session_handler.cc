#include "enp/admin/handlers/session_handler.h"

#include <unistd.h>

#include "enp/admin/auth/authenticator.h"
#include "enp/admin/auth/initial_admin.h"
#include "enp/admin/auth/password.h"
#include "enp/common/log.h"
#include "enp/common/log_text.h"
#include "enp/config/json_fields.h"

namespace enp::admin {
namespace {

constexpr const char* kApi = "/api/v1/admin";
// Longer user names are refused before they reach the limiter, the log or the audit table.
constexpr size_t kMaxUserNameLength = 256;

void setCookie(AdminCall& call, const std::string& value, bool clear) {
  call.response().add("Set-Cookie", std::string(kSessionCookie) + "=" + value +
                                        "; Path=/; HttpOnly; Secure; SameSite=Strict" +
                                        (clear ? "; Max-Age=0" : ""));
}

Poco::JSON::Object sessionJson(const Session& s, bool totpEnabled) {
  Poco::JSON::Object o;
  o.set("user", s.user);
  o.set("csrfToken", s.csrfToken);
  o.set("mustChangePassword", s.mustChangePassword);
  o.set("role", roleName(s.role));
  o.set("totpEnabled", totpEnabled);
  return o;
}

}  // namespace

void SessionHandler::addRoutes(RouteTable* routes) {
  const std::string api = kApi;
  routes->push_back({.method = "POST",
                     .pattern = api + "/login",
                     .access = Access::kPublic,
                     .allowedWhileMustChange = true,
                     .handler = [this](AdminCall& c) { login(c); }});
  // What the login page tells: the first-start hint only while the generated password's file
  // exists (it names where the password is, not the password).
  routes->push_back({.method = "GET",
                     .pattern = api + "/login",
                     .access = Access::kPublic,
                     .allowedWhileMustChange = true,
                     .handler = [this](AdminCall& c) {
                       Poco::JSON::Object o;
                       o.set("firstStart",
                             ::access((deps_.dataDir + "/" + kInitialPasswordFile).c_str(), F_OK) ==
                                 0);
                       c.sendJson(200, o);
                     }});
  routes->push_back({.method = "POST",
                     .pattern = api + "/logout",
                     .access = Access::kSession,
                     .mutates = true,
                     .allowedWhileMustChange = true,
                     .handler = [this](AdminCall& c) { logout(c); },
                     .role = Role::kHelpdesk});
  routes->push_back({.method = "GET",
                     .pattern = api + "/session",
                     .access = Access::kSession,
                     .allowedWhileMustChange = true,
                     .handler = [this](AdminCall& c) { session(c); },
                     .role = Role::kHelpdesk});
  routes->push_back({.method = "POST",
                     .pattern = api + "/password",
                     .access = Access::kSession,
                     .mutates = true,
                     .allowedWhileMustChange = true,
                     .handler = [this](AdminCall& c) { changePassword(c); },
                     .role = Role::kHelpdesk});
}

void SessionHandler::login(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string user, password, code;
  Status read = json::getString(*body, "user", "", &user);
  if (read.ok()) {
    read = json::getString(*body, "password", "", &password);
  }
  if (read.ok()) {
    read = json::getString(*body, "code", "", &code);
  }
  if (!read.ok()) {
    call.sendStatus(read);
    return;
  }
  if (user.empty()) {
    call.sendError(400, "user: required");
    return;
  }
  const std::string ip = call.clientIp();
  Poco::JSON::Object details;
  details.set("ip", ip);
  if (user.size() > kMaxUserNameLength) {
    // No such user can exist; audited like any failed login (the store cuts the name).
    details.set("reason", "user name longer than " + std::to_string(kMaxUserNameLength) + " bytes");
    if (!call.audit("login.failed", user, details, user)) {
      return;
    }
    call.sendError(400, "user: at most " + std::to_string(kMaxUserNameLength) + " bytes");
    return;
  }
  auto& alog = log::get(log::Id::kAdmin);
  if (int64_t locked = deps_.limiter.lockedForMs(user, ip); locked > 0) {
    call.response().set("Retry-After", std::to_string((locked + 999) / 1000));
    call.sendError(429, "too many failed logins: try again in " +
                            std::to_string((locked + 59999) / 60000) + " minute(s)");
    return;
  }
  const Result<AdminUser> stored = deps_.users.find(user);
  if (!stored.ok() && stored.error().code() != StatusCode::kNotFound) {
    call.sendInternalError(stored.error());
    return;
  }
  // An unknown user costs a derivation too, so timing does not reveal which names exist.
  static const std::string kDummy = hashPassword("not-a-password-of-anyone");
  bool ok = verifyPassword(password, stored.ok() ? stored->passwordHash : kDummy) && stored.ok();
  if (!ok) {
    bool nowLocked = deps_.limiter.failure(user, ip);
    details.set("locked", nowLocked);
    if (!call.audit(nowLocked ? "login.locked" : "login.failed", user, details, user)) {
      return;
    }
    alog.warn("failed console login for '{}' from {}{}", forLog(user), ip,
              nowLocked ? " (now locked)" : "");
    call.sendError(401, "wrong user name or password");
    return;
  }
  if (stored->disabled) {
    details.set("reason", "user disabled");
    if (!call.audit("login.refused", user, details, user)) {
      return;
    }
    call.sendError(403, "this console user is disabled (ask an administrator)");
    return;
  }
  if (stored->totpEnabled) {
    Poco::JSON::Object answer;
    answer.set("totpRequired", true);
    if (code.empty()) {
      // The password was right: not a failure. The console asks for the code and sends both.
      answer.set("error", "code: enter the 6-digit code from the authenticator app");
      call.sendJson(401, answer);
      return;
    }
    if (Status verified = deps_.secondFactor.verify(*stored, code, call.nowMs()); !verified.ok()) {
      if (verified.code() != StatusCode::kInvalid) {
        call.sendInternalError(verified);
        return;
      }
      bool nowLocked = deps_.limiter.failure(user, ip);
      details.set("locked", nowLocked);
      details.set("reason", "wrong or reused one-time code");
      if (!call.audit(nowLocked ? "login.locked" : "login.failed", user, details, user)) {
        return;
      }
      alog.warn("failed console login for '{}' from {}: wrong one-time code{}", forLog(user), ip,
                nowLocked ? " (now locked)" : "");
      answer.set("error", verified.message());
      call.sendJson(401, answer);
      return;
    }
  }
  deps_.limiter.success(user, ip);
  Session s = deps_.sessions.create(user, stored->role, stored->mustChange);
  setCookie(call, s.id, false);
  details.set("role", roleName(stored->role));
  details.set("secondFactor", stored->totpEnabled);
  if (!call.audit("login", user, details, user)) {
    return;
  }
  alog.info("console login of '{}' from {}", forLog(user), ip);
  call.sendJson(200, sessionJson(s, stored->totpEnabled));
}

void SessionHandler::logout(AdminCall& call) {
  deps_.sessions.remove(call.caller().sessionId);
  setCookie(call, "", true);
  if (!call.audit("logout", call.caller().user)) {
    return;
  }
  call.sendNoContent();
}

void SessionHandler::session(AdminCall& call) {
  auto s = deps_.sessions.touch(call.caller().sessionId);
  if (!s) {
    call.sendError(401, "authentication required (log in, or an API token)");
    return;
  }
  const Result<AdminUser> stored = deps_.users.find(s->user);
  if (!stored.ok() && stored.error().code() != StatusCode::kNotFound) {
    call.sendInternalError(stored.error());
    return;
  }
  Session current = *s;
  if (stored.ok()) {
    current.role = stored->role;  // changed elsewhere since the login (enp users)
  }
  call.sendJson(200, sessionJson(current, stored.ok() && stored->totpEnabled));
}

void SessionHandler::changePassword(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string current, next;
  Status read = json::getString(*body, "currentPassword", "", &current);
  if (read.ok()) {
    read = json::getString(*body, "newPassword", "", &next);
  }
  if (!read.ok()) {
    call.sendStatus(read);
    return;
  }
  const std::string& user = call.caller().user;
  const Result<AdminUser> stored = deps_.users.find(user);
  if (!stored.ok() && stored.error().code() != StatusCode::kNotFound) {
    call.sendInternalError(stored.error());
    return;
  }
  if (!stored.ok() || !verifyPassword(current, stored->passwordHash)) {
    call.sendError(400, "currentPassword: wrong password");
    return;
  }
  const std::string error = checkPasswordRules(next);
  if (!error.empty()) {
    call.sendError(400, "newPassword" + error.substr(error.find(':')));
    return;
  }
  if (next == current) {
    call.sendError(400, "newPassword: must differ from the current password");
    return;
  }
  std::string hash = hashPassword(next);
  if (hash.empty()) {
    call.sendError(500, "could not hash the password");
    return;
  }
  if (Status saved = deps_.users.upsert(user, hash, false, call.nowMs()); !saved.ok()) {
    call.sendInternalError(saved);
    return;
  }
  deps_.sessions.removeUser(user, call.caller().sessionId);
  deps_.sessions.clearMustChange(call.caller().sessionId);
  if (user == kInitialAdminUser) {
    removeInitialPasswordFile(deps_.dataDir);
  }
  if (!call.audit("user.password", user)) {
    return;
  }
  call.sendNoContent();
}

}  // namespace enp::admin
