#include "enp/admin/handlers/users_handler.h"

#include "enp/admin/auth/password.h"
#include "enp/admin/handlers/labels.h"
#include "enp/config/json_fields.h"

namespace enp::admin {
namespace {

constexpr const char* kBase = "/api/v1/admin/users";

Poco::JSON::Object userJson(const AdminUser& u) {
  Poco::JSON::Object o;
  o.set("name", u.name);
  o.set("role", roleName(u.role));
  o.set("disabled", u.disabled);
  o.set("totpEnabled", u.totpEnabled);
  o.set("mustChangePassword", u.mustChange);
  o.set("createdAt", u.createdAt);
  o.set("updatedAt", u.updatedAt);
  return o;
}

Status readRole(const Poco::JSON::Object& body, std::optional<Role>* out) {
  if (!body.has("role")) {
    return Status();
  }
  std::string text;
  ENP_RETURN_IF_ERROR(json::getString(body, "role", "", &text));
  *out = parseRole(text);
  if (!*out) {
    return Status::invalid("role: one of admin, operator or helpdesk");
  }
  return Status();
}

// The password an admin sets for someone else: the same rules as a user's own.
Result<std::string> hashNewPassword(const Poco::JSON::Object& body) {
  std::string password;
  ENP_RETURN_IF_ERROR(json::getString(body, "password", "", &password));
  if (const std::string problem = checkPasswordRules(password); !problem.empty()) {
    return Status::invalid(problem);
  }
  std::string hash = hashPassword(password);
  if (hash.empty()) {
    return Status::internal("could not hash the password");
  }
  return hash;
}

}  // namespace

void UsersHandler::addRoutes(RouteTable* routes) {
  const std::string base = kBase;
  routes->push_back({.method = "GET",
                     .pattern = base,
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { list(c); },
                     .role = Role::kAdmin});
  routes->push_back({.method = "POST",
                     .pattern = base,
                     .access = Access::kAny,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { create(c); },
                     .role = Role::kAdmin});
  routes->push_back({.method = "PUT",
                     .pattern = base + "/{name}",
                     .access = Access::kAny,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { update(c); },
                     .role = Role::kAdmin});
  routes->push_back({.method = "DELETE",
                     .pattern = base + "/{name}",
                     .access = Access::kAny,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { remove(c); },
                     .role = Role::kAdmin});
  routes->push_back({.method = "POST",
                     .pattern = base + "/{name}/password",
                     .access = Access::kAny,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { resetPassword(c); },
                     .role = Role::kAdmin});
  routes->push_back({.method = "DELETE",
                     .pattern = base + "/{name}/totp",
                     .access = Access::kAny,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { resetTotp(c); },
                     .role = Role::kAdmin});
}

void UsersHandler::list(AdminCall& call) {
  const Result<std::vector<AdminUser>> users = deps_.users.list();
  if (!users.ok()) {
    call.sendInternalError(users.error());
    return;
  }
  Poco::JSON::Array out;
  for (const auto& u : *users) {
    out.add(userJson(u));
  }
  call.sendJson(200, out);
}

void UsersHandler::sendUser(AdminCall& call, const std::string& name, int status) {
  const Result<AdminUser> user = deps_.users.find(name);
  if (!user.ok()) {
    call.sendStatus(user.error());
    return;
  }
  call.sendJson(status, userJson(*user));
}

void UsersHandler::create(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string name;
  std::optional<Role> role;
  Status read = json::checkFields(*body, "", {"name", "role", "password"});
  if (read.ok()) {
    read = json::getString(*body, "name", "", &name);
  }
  if (read.ok()) {
    read = checkLabel(name, "name");
  }
  if (read.ok()) {
    read = readRole(*body, &role);
  }
  if (read.ok() && !role) {
    read = Status::invalid("role: required (admin, operator or helpdesk)");
  }
  if (!read.ok()) {
    call.sendStatus(read);
    return;
  }
  const Result<std::string> hash = hashNewPassword(*body);
  if (!hash.ok()) {
    call.sendStatus(hash.error());
    return;
  }
  if (Status created = deps_.users.create(name, *hash, *role, true, call.nowMs()); !created.ok()) {
    call.sendStatus(created);
    return;
  }
  Poco::JSON::Object details;
  details.set("role", roleName(*role));
  if (!call.audit("user.create", name, details)) {
    return;
  }
  sendUser(call, name, 201);
}

void UsersHandler::update(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  const std::string name = call.param("name");
  std::optional<Role> role;
  bool disabled = false;
  Status read = json::checkFields(*body, "", {"role", "disabled"});
  if (read.ok()) {
    read = readRole(*body, &role);
  }
  if (read.ok()) {
    read = json::getBool(*body, "disabled", "", &disabled);
  }
  if (!read.ok()) {
    call.sendStatus(read);
    return;
  }
  const Result<AdminUser> before = deps_.users.find(name);
  if (!before.ok()) {
    call.sendStatus(before.error());
    return;
  }
  const bool self = name == call.caller().user;
  if (self && role && *role != before->role) {
    call.sendError(409, "role: you cannot change your own role (another admin can)");
    return;
  }
  if (self && body->has("disabled") && disabled) {
    call.sendError(409, "disabled: you cannot disable yourself");
    return;
  }
  Poco::JSON::Object details;
  if (role && *role != before->role) {
    if (Status set = deps_.users.setRole(name, *role, call.nowMs()); !set.ok()) {
      call.sendStatus(set);
      return;
    }
    details.set("role", roleName(*role));
    details.set("previousRole", roleName(before->role));
  }
  if (body->has("disabled") && disabled != before->disabled) {
    if (Status set = deps_.users.setDisabled(name, disabled, call.nowMs()); !set.ok()) {
      // The role may have changed already: that is audited, then the refusal answered.
      if (details.size() > 0) {
        deps_.sessions.removeUser(name);
        if (!call.audit("user.update", name, details)) {
          return;  // answered 500
        }
      }
      call.sendStatus(set);
      return;
    }
    details.set("disabled", disabled);
  }
  if (details.size() > 0) {
    deps_.sessions.removeUser(name);
    if (!call.audit("user.update", name, details)) {
      return;
    }
  }
  sendUser(call, name, 200);
}

void UsersHandler::remove(AdminCall& call) {
  const std::string name = call.param("name");
  if (name == call.caller().user) {
    call.sendError(409, "you cannot remove yourself (another admin can)");
    return;
  }
  if (Status removed = deps_.users.remove(name); !removed.ok()) {
    call.sendStatus(removed);
    return;
  }
  deps_.sessions.removeUser(name);
  if (!call.audit("user.delete", name)) {
    return;
  }
  call.sendNoContent();
}

void UsersHandler::resetPassword(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  const std::string name = call.param("name");
  if (Status read = json::checkFields(*body, "", {"password"}); !read.ok()) {
    call.sendStatus(read);
    return;
  }
  const Result<AdminUser> user = deps_.users.find(name);
  if (!user.ok()) {
    call.sendStatus(user.error());
    return;
  }
  const Result<std::string> hash = hashNewPassword(*body);
  if (!hash.ok()) {
    call.sendStatus(hash.error());
    return;
  }
  if (Status saved = deps_.users.upsert(name, *hash, true, call.nowMs()); !saved.ok()) {
    call.sendInternalError(saved);
    return;
  }
  deps_.sessions.removeUser(name);
  if (!call.audit("user.password-reset", name)) {
    return;
  }
  call.sendNoContent();
}

void UsersHandler::resetTotp(AdminCall& call) {
  const std::string name = call.param("name");
  if (Status cleared = deps_.users.clearTotp(name, call.nowMs()); !cleared.ok()) {
    call.sendStatus(cleared);
    return;
  }
  if (!call.audit("user.totp-reset", name)) {
    return;
  }
  call.sendNoContent();
}

}  // namespace enp::admin
