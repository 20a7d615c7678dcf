#include "enp/admin/handlers/exchange_handler.h"

#include <Poco/String.h>

#include "enp/config/json_fields.h"
#include "enp/config/secret_origin.h"
#include "enp/inbound/registration_body.h"
#include "enp/source/ews/ews_check.h"

namespace enp::admin {
namespace {

Poco::JSON::Object::Ptr describe(const ExchangeServer& s) { return exchangeServerToJson(s, false); }

}  // namespace

void ExchangeHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/exchange";
  routes->push_back({.method = "GET",
                     .pattern = base,
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { list(c); },
                     .role = Role::kOperator});
  routes->push_back({"POST", base, Access::kAny, true, false, [this](AdminCall& c) { create(c); }});
  routes->push_back({.method = "GET",
                     .pattern = base + "/{name}",
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { get(c); },
                     .role = Role::kOperator});
  routes->push_back(
      {"PUT", base + "/{name}", Access::kAny, true, false, [this](AdminCall& c) { update(c); }});
  routes->push_back(
      {"DELETE", base + "/{name}", Access::kAny, true, false, [this](AdminCall& c) { remove(c); }});
  // A test changes nothing, but it makes ENP call out with stored credentials: CSRF-protected.
  routes->push_back({"POST", base + "/{name}/test", Access::kAny, true, false,
                     [this](AdminCall& c) { test(c); }});
}

void ExchangeHandler::list(AdminCall& call) {
  const Result<Settings> settings = editor_.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  Poco::JSON::Array out;
  for (const auto& s : settings->exchange) {
    out.add(describe(s));
  }
  call.sendJson(200, out);
}

void ExchangeHandler::get(AdminCall& call) {
  const Result<Settings> settings = editor_.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  for (const auto& s : settings->exchange) {
    if (s.name == call.param("name")) {
      call.sendJson(200, *describe(s));
      return;
    }
  }
  call.sendError(404, "no Exchange server named '" + call.param("name") + "'");
}

void ExchangeHandler::create(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  Result<ExchangeServer> parsed = exchangeServerFromJson(*body, "");
  if (!parsed.ok()) {
    call.sendStatus(parsed.error());
    return;
  }
  const ExchangeServer& server = *parsed;
  const Status r = editor_.edit([&](Settings& s) {
    for (const auto& e : s.exchange) {
      if (e.name == server.name) {
        return Status::conflict("name: '" + server.name + "' exists already");
      }
    }
    s.exchange.push_back(server);
    return Status();
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  if (!call.audit("exchange.create", server.name, *describe(server))) {
    return;
  }
  call.sendJson(201, *describe(server));
}

void ExchangeHandler::update(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  const std::string name = call.param("name");
  if (!body->has("name")) {
    body->set("name", name);
  }
  Result<ExchangeServer> parsed = exchangeServerFromJson(*body, "");
  if (!parsed.ok()) {
    call.sendStatus(parsed.error());
    return;
  }
  ExchangeServer& server = *parsed;
  const Status r = editor_.edit([&](Settings& s) {
    ExchangeServer* target = nullptr;
    for (auto& e : s.exchange) {
      if (e.name == server.name && e.name != name) {
        return Status::conflict("name: '" + server.name + "' exists already");
      }
      if (e.name == name) {
        target = &e;
      }
    }
    if (target == nullptr) {
      return Status::notFound("no Exchange server named '" + name + "'");
    }
    if (server.auth.password.empty() && !target->auth.password.empty()) {
      ENP_RETURN_IF_ERROR(secretMayFollow("auth.password", target->ewsUrl, server.ewsUrl));
      server.auth.password = target->auth.password;
    }
    *target = server;
    return Status();
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  Poco::JSON::Object::Ptr details = describe(server);
  details->set("passwordChanged", body->has("auth") && body->getObject("auth") &&
                                      body->getObject("auth")->has("password"));
  if (!call.audit("exchange.update", name, *details)) {
    return;
  }
  call.sendJson(200, *describe(server));
}

void ExchangeHandler::remove(AdminCall& call) {
  const std::string name = call.param("name");
  const Status r = editor_.edit([&](Settings& s) {
    for (auto it = s.exchange.begin(); it != s.exchange.end(); ++it) {
      if (it->name == name) {
        s.exchange.erase(it);
        return Status();
      }
    }
    return Status::notFound("no Exchange server named '" + name + "'");
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  if (!call.audit("exchange.delete", name)) {
    return;
  }
  call.sendNoContent();
}

void ExchangeHandler::test(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string mailbox;
  if (Status read = json::getString(*body, "mailbox", "", &mailbox); !read.ok()) {
    call.sendStatus(read);
    return;
  }
  mailbox = Poco::toLower(Poco::trim(mailbox));
  if (!isMailboxAddress(mailbox)) {
    call.sendError(400, "mailbox: expected an SMTP address, got '" + mailbox + "'");
    return;
  }
  const Result<Settings> settings = editor_.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  for (const auto& s : settings->exchange) {
    if (s.name != call.param("name")) {
      continue;
    }
    ews::TransportOptions options;
    options.auth = s.auth;
    options.caFile = s.caFile;
    auto transport = transports_(options);
    EwsCheckResult result = checkExchangeAccess(s, mailbox, *transport);
    Poco::JSON::Object out;
    out.set("ok", result.ok);
    out.set("server", s.name);
    out.set("mailbox", mailbox);
    out.set("explanation", result.explanation);
    out.set("detail", result.detail);
    Poco::JSON::Array warnings;
    if (const ExchangeServer* serving = settings->serverFor(mailbox); serving != &s) {
      warnings.add("ENP does not serve " + mailbox + " through this server: its domain is not " +
                   "among this server's domains (" +
                   Poco::cat(std::string(", "), s.domains.begin(), s.domains.end()) + ")" +
                   (serving != nullptr ? "; it goes to '" + serving->name + "'" : "") + ".");
    }
    out.set("warnings", warnings);
    health_.testResult("exchange:" + s.name, result.ok, "test: " + result.explanation,
                       "fix what the test explains, then test again", clock_.nowMs());
    Poco::JSON::Object details;
    details.set("mailbox", mailbox);
    details.set("ok", result.ok);
    if (!call.audit("exchange.test", s.name, details)) {
      return;
    }
    call.sendJson(200, out);
    return;
  }
  call.sendError(404, "no Exchange server named '" + call.param("name") + "'");
}

}  // namespace enp::admin
