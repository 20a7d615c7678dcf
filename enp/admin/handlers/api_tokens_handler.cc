#include "enp/admin/handlers/api_tokens_handler.h"

#include "enp/admin/handlers/labels.h"
#include "enp/common/secrets.h"
#include "enp/config/json_fields.h"

namespace enp::admin {
namespace {

constexpr int kMaxTokenDays = 3650;

}  // namespace

void ApiTokensHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/api-tokens";
  routes->push_back({"GET", base, Access::kAny, false, false, [this](AdminCall& c) { list(c); }});
  routes->push_back({"POST", base, Access::kAny, true, false, [this](AdminCall& c) { create(c); }});
  routes->push_back(
      {"DELETE", base + "/{id}", Access::kAny, true, false, [this](AdminCall& c) { revoke(c); }});
}

void ApiTokensHandler::list(AdminCall& call) {
  const Result<std::vector<ApiToken>> tokens = tokens_.list();
  if (!tokens.ok()) {
    call.sendInternalError(tokens.error());
    return;
  }
  Poco::JSON::Array out;
  for (const auto& t : *tokens) {
    Poco::JSON::Object o;
    o.set("id", t.id);
    o.set("label", t.label);
    o.set("createdBy", t.createdBy);
    o.set("createdAt", t.createdAt);
    if (t.lastUsedAt) {
      o.set("lastUsedAt", *t.lastUsedAt);
    }
    if (t.revokedAt) {
      o.set("revokedAt", *t.revokedAt);
    }
    o.set("role", roleName(t.role));
    if (t.expiresAt) {
      o.set("expiresAt", *t.expiresAt);
      o.set("expired", call.nowMs() >= *t.expiresAt);
    }
    out.add(o);
  }
  call.sendJson(200, out);
}

void ApiTokensHandler::create(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string label, roleText = roleName(Role::kAdmin);
  int expiresInDays = 0;
  Status read = json::checkFields(*body, "", {"label", "role", "expiresInDays"});
  if (read.ok()) {
    read = json::getString(*body, "label", "", &label);
  }
  if (read.ok()) {
    read = checkLabel(label, "label");
  }
  if (read.ok()) {
    read = json::getString(*body, "role", "", &roleText);
  }
  const std::optional<Role> role = parseRole(roleText);
  if (read.ok() && !role) {
    read = Status::invalid("role: one of admin, operator or helpdesk");
  }
  if (read.ok()) {
    read = json::getInt(*body, "expiresInDays", "", 1, kMaxTokenDays, &expiresInDays);
  }
  if (!read.ok()) {
    call.sendStatus(read);
    return;
  }
  ApiToken t;
  t.id = randomToken(9);
  t.label = label;
  t.createdBy = call.caller().actor;
  t.createdAt = call.nowMs();
  t.role = *role;
  if (expiresInDays > 0) {
    t.expiresAt = t.createdAt + int64_t{expiresInDays} * 24 * 60 * 60 * 1000;
  }
  const std::string token = "enp_" + randomToken(32);
  if (Status created = tokens_.create(t, sha256Hex(token)); !created.ok()) {
    call.sendInternalError(created);
    return;
  }
  Poco::JSON::Object details;
  details.set("id", t.id);
  details.set("role", roleName(t.role));
  if (t.expiresAt) {
    details.set("expiresAt", *t.expiresAt);
  }
  if (!call.audit("api-token.create", label, details)) {
    return;
  }
  Poco::JSON::Object out;
  out.set("id", t.id);
  out.set("label", t.label);
  out.set("token", token);
  out.set("role", roleName(t.role));
  if (t.expiresAt) {
    out.set("expiresAt", *t.expiresAt);
  }
  call.sendJson(201, out);
}

void ApiTokensHandler::revoke(AdminCall& call) {
  if (Status revoked = tokens_.revoke(call.param("id"), call.nowMs()); !revoked.ok()) {
    if (revoked.code() == StatusCode::kNotFound) {
      call.sendError(404, "no such active API token");
    } else {
      call.sendInternalError(revoked);
    }
    return;
  }
  if (!call.audit("api-token.revoke", call.param("id"))) {
    return;
  }
  call.sendNoContent();
}

}  // namespace enp::admin
