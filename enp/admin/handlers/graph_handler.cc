#include "enp/admin/handlers/graph_handler.h"

#include <Poco/String.h>

#include "enp/config/json_fields.h"
#include "enp/inbound/registration_body.h"
#include "enp/source/graph/graph_check.h"

namespace enp::admin {
namespace {

Poco::JSON::Object::Ptr describe(const GraphTenant& g) { return graphTenantToJson(g, false); }

std::string notFound(const std::string& name) { return "no Graph tenant named '" + name + "'"; }

// The optional "mailbox" of a test body, lower-case; kInvalid when it is not an address.
Status readMailbox(const Poco::JSON::Object& body, std::string* mailbox) {
  ENP_RETURN_IF_ERROR(json::getString(body, "mailbox", "", mailbox));
  *mailbox = Poco::toLower(Poco::trim(*mailbox));
  if (!mailbox->empty() && !isMailboxAddress(*mailbox)) {
    return Status::invalid("mailbox: expected an SMTP address, got '" + *mailbox + "'");
  }
  return Status();
}

}  // namespace

void GraphHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/graph";
  // Operators read the tenants (no secret is shown); changes and tests are for admins.
  routes->push_back({.method = "GET",
                     .pattern = base,
                     .handler = [this](AdminCall& c) { list(c); },
                     .role = Role::kOperator});
  routes->push_back({"POST", base, Access::kAny, true, false, [this](AdminCall& c) { create(c); }});
  // Before {name}: a tenant may be called "test", and it is tested at /graph/test/test.
  routes->push_back({"POST", base + "/test", Access::kAny, true, false,
                     [this](AdminCall& c) { testUnsaved(c); }});
  routes->push_back({.method = "GET",
                     .pattern = base + "/{name}",
                     .handler = [this](AdminCall& c) { get(c); },
                     .role = Role::kOperator});
  routes->push_back(
      {"PUT", base + "/{name}", Access::kAny, true, false, [this](AdminCall& c) { update(c); }});
  routes->push_back(
      {"DELETE", base + "/{name}", Access::kAny, true, false, [this](AdminCall& c) { remove(c); }});
  // A test changes nothing, but it makes ENP call out with stored credentials: CSRF-protected.
  routes->push_back({"POST", base + "/{name}/test", Access::kAny, true, false,
                     [this](AdminCall& c) { testSaved(c); }});
}

void GraphHandler::list(AdminCall& call) {
  const Result<Settings> settings = editor_.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  Poco::JSON::Array out;
  for (const auto& g : settings->graph) {
    out.add(describe(g));
  }
  call.sendJson(200, out);
}

void GraphHandler::get(AdminCall& call) {
  const Result<Settings> settings = editor_.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  for (const auto& g : settings->graph) {
    if (g.name == call.param("name")) {
      call.sendJson(200, *describe(g));
      return;
    }
  }
  call.sendError(404, notFound(call.param("name")));
}

void GraphHandler::create(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  Result<GraphTenant> parsed = graphTenantFromJson(*body, "");
  if (!parsed.ok()) {
    call.sendStatus(parsed.error());
    return;
  }
  const GraphTenant& tenant = *parsed;
  const Status r = editor_.edit([&](Settings& s) {
    for (const auto& g : s.graph) {
      if (g.name == tenant.name) {
        return Status::conflict("name: '" + tenant.name + "' exists already");
      }
    }
    s.graph.push_back(tenant);
    return Status();
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  if (!call.audit("graph.create", tenant.name, *describe(tenant))) {
    return;
  }
  call.sendJson(201, *describe(tenant));
}

void GraphHandler::update(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  const std::string name = call.param("name");
  if (!body->has("name")) {
    body->set("name", name);
  }
  Result<GraphTenant> parsed = graphTenantFromJson(*body, "");
  if (!parsed.ok()) {
    call.sendStatus(parsed.error());
    return;
  }
  GraphTenant& tenant = *parsed;
  const Status r = editor_.edit([&](Settings& s) {
    GraphTenant* target = nullptr;
    for (auto& g : s.graph) {
      if (g.name == tenant.name && g.name != name) {
        return Status::conflict("name: '" + tenant.name + "' exists already");
      }
      if (g.name == name) {
        target = &g;
      }
    }
    if (target == nullptr) {
      return Status::notFound(notFound(name));
    }
    // No secret given: keep the stored one, under keepSecrets()'s conditions (the same token
    // URL origin, tenant and client id), whatever the tenant is called now.
    Settings previous, next;
    previous.graph = {*target};
    previous.graph[0].name = tenant.name;
    next.graph = {tenant};
    if (Status kept = keepSecrets(previous, &next); !kept.ok()) {
      // "graph[0].auth.secret: ..." names the field of the whole document: this body's is
      // "auth.secret".
      std::string message = kept.message();
      if (message.rfind("graph[0].", 0) == 0) {
        message.erase(0, 9);
      }
      return Status::invalid(message);  // keepSecrets() refuses only with kInvalid
    }
    tenant.secret = next.graph[0].secret;
    *target = tenant;
    return Status();
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  Poco::JSON::Object::Ptr details = describe(tenant);
  details->set("secretChanged", body->has("auth") && body->getObject("auth") &&
                                    body->getObject("auth")->has("secret"));
  if (!call.audit("graph.update", name, *details)) {
    return;
  }
  call.sendJson(200, *describe(tenant));
}

void GraphHandler::remove(AdminCall& call) {
  const std::string name = call.param("name");
  const Status r = editor_.edit([&](Settings& s) {
    for (auto it = s.graph.begin(); it != s.graph.end(); ++it) {
      if (it->name == name) {
        s.graph.erase(it);
        return Status();
      }
    }
    return Status::notFound(notFound(name));
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  if (!call.audit("graph.delete", name)) {
    return;
  }
  call.sendNoContent();
}

void GraphHandler::testSaved(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string mailbox;
  if (Status read = readMailbox(*body, &mailbox); !read.ok()) {
    call.sendStatus(read);
    return;
  }
  const Result<Settings> settings = editor_.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  for (const auto& g : settings->graph) {
    if (g.name == call.param("name")) {
      runTest(call, g, mailbox);  // Stored settings: the secret goes where it was saved for.
      return;
    }
  }
  call.sendError(404, notFound(call.param("name")));
}

void GraphHandler::testUnsaved(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string mailbox;
  if (Status read = readMailbox(*body, &mailbox); !read.ok()) {
    call.sendStatus(read);
    return;
  }
  Poco::JSON::Object::Ptr tenantJson;
  if (Status read = json::getObject(*body, "tenant", "", &tenantJson); !read.ok()) {
    call.sendStatus(read);
    return;
  }
  if (!tenantJson) {
    call.sendError(400, "tenant: required (the settings to test)");
    return;
  }
  Result<GraphTenant> parsed = graphTenantFromJson(*tenantJson, "tenant");
  if (!parsed.ok()) {
    call.sendStatus(parsed.error());
    return;
  }
  if (parsed->auth == GraphTenant::Auth::kSecret && parsed->secret.empty()) {
    // The stored secret was saved for the stored settings, not for these.
    call.sendError(400,
                   "tenant.auth.secret: enter the client secret (a test of settings not saved "
                   "yet never uses the stored one; Test on the saved tenant does)");
    return;
  }
  runTest(call, *parsed, mailbox);
}

void GraphHandler::runTest(AdminCall& call, const GraphTenant& tenant, const std::string& mailbox) {
  const GraphCheckResult result = checkGraphAccess(tenant, mailbox, transports_, clock_);
  Poco::JSON::Object out;
  out.set("ok", result.ok);
  out.set("tenant", tenant.name);
  out.set("step", result.step);
  if (!mailbox.empty()) {
    out.set("mailbox", mailbox);
  }
  out.set("explanation", result.explanation);
  out.set("detail", result.detail);
  Poco::JSON::Object details;
  details.set("mailbox", mailbox);
  details.set("ok", result.ok);
  details.set("step", result.step);
  if (!call.audit("graph.test", tenant.name, details)) {
    return;
  }
  call.sendJson(200, out);
}

}  // namespace enp::admin
