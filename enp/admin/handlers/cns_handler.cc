#include "enp/admin/handlers/cns_handler.h"

#include "enp/admin/cns_push.h"
#include "enp/admin/pem_tools.h"
#include "enp/common/secrets.h"
#include "enp/config/json_fields.h"
#include "enp/config/secret_origin.h"
#include "enp/sink/cns/cns_client.h"

namespace enp::admin {
namespace {

constexpr const char* kTestDevice = "enp-console-test";

Poco::JSON::Object::Ptr describe(const CnsSettings& c) {
  auto o = cnsToJson(c, false);
  if (c.algorithm != "HS256" && !c.key.empty()) {
    std::string pub = publicKeyOf(c.key);
    if (!pub.empty()) {
      o->set("publicKey", pub);
    }
  }
  return o;
}

Poco::JSON::Object auditDetails(const CnsSettings& c, bool tokenChanged, bool keyChanged) {
  Poco::JSON::Object d;
  d.set("url", c.url);
  d.set("organizationId", c.organizationId);
  d.set("algorithm", c.algorithm);
  d.set("keyId", c.keyId);
  d.set("tokenChanged", tokenChanged);
  d.set("keyChanged", keyChanged);
  return d;
}

}  // namespace

void CnsHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/cns";
  routes->push_back({.method = "GET",
                     .pattern = base,
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { get(c); },
                     .role = Role::kOperator});
  routes->push_back({"PUT", base, Access::kAny, true, false, [this](AdminCall& c) { put(c); }});
  routes->push_back(
      {"POST", base + "/test", Access::kAny, true, false, [this](AdminCall& c) { test(c); }});
  routes->push_back({"POST", base + "/generate-key", Access::kAny, true, false,
                     [this](AdminCall& c) { generateKey(c); }});
}

void CnsHandler::get(AdminCall& call) {
  const Result<Settings> settings = editor_.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  call.sendJson(200, *describe(settings->cns));
}

void CnsHandler::put(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  Result<CnsSettings> parsed = cnsFromJson(*body, "");
  if (!parsed.ok()) {
    call.sendStatus(parsed.error());
    return;
  }
  CnsSettings& next = *parsed;
  bool tokenChanged = !next.token.empty(), keyChanged = !next.key.empty();
  const Status r = editor_.edit([&](Settings& s) {
    if (next.token.empty() && !s.cns.token.empty()) {
      if (!next.url.empty()) {  // No URL: the token goes nowhere until one is set (with it).
        ENP_RETURN_IF_ERROR(secretMayFollow("token", s.cns.url, next.url));
      }
      next.token = s.cns.token;
    }
    if (next.key.empty()) {
      next.key = s.cns.key;
    }
    s.cns = next;
    return Status();
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  if (!call.audit("cns.update", "cns", auditDetails(next, tokenChanged, keyChanged))) {
    return;
  }
  call.sendJson(200, *describe(next));
}

void CnsHandler::test(AdminCall& call) {
  const Result<Settings> settings = editor_.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  Poco::JSON::Object out;
  Poco::JSON::Object::Ptr notification = new Poco::JSON::Object;
  notification->set("kind", "mail");
  notification->set("count", 0);
  const Result<SinkResult> sent =
      sendCnsPush(settings->cns, transports_, kTestDevice, "enp-test-" + randomToken(12),
                  notification, clock_.now());
  if (!sent.ok()) {
    out.set("ok", false);
    out.set("outcome", "not-configured");
    out.set("detail", sent.error().message());
    health_.testResult("cns", false, "test: " + sent.error().message(), "complete the CNS settings",
                       clock_.nowMs());
    if (!call.audit("cns.test", "cns")) {
      return;
    }
    call.sendJson(200, out);
    return;
  }
  const SinkResult& result = *sent;
  bool ok = result.outcome == SinkResult::Outcome::kDelivered;
  out.set("ok", ok);
  out.set("outcome", std::string(toString(result.outcome)));
  out.set("httpStatus", static_cast<int>(result.httpStatus));
  out.set("detail", ok ? "CNS accepted the signed test notification" : result.detail);
  out.set("deviceToken", kTestDevice);
  if (!ok) {
    out.set("reason", result.refusal.reason);
    out.set("setting", result.refusal.setting);
  }
  health_.testResult("cns", ok, "test: " + result.detail,
                     "fix the CNS settings the test points at, then send the test again",
                     clock_.nowMs());
  Poco::JSON::Object details;
  details.set("ok", ok);
  details.set("httpStatus", static_cast<int>(result.httpStatus));
  if (!call.audit("cns.test", "cns", details)) {
    return;
  }
  call.sendJson(200, out);
}

void CnsHandler::generateKey(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string keyId;
  if (Status read = json::getString(*body, "keyId", "", &keyId); !read.ok()) {
    call.sendStatus(read);
    return;
  }
  const Result<KeyPairPem> generated = generateEs256Key();
  if (!generated.ok()) {
    call.sendError(500, generated.error().message());
    return;
  }
  const std::string& privatePem = generated->privatePem;
  const std::string& publicPem = generated->publicPem;
  CnsSettings saved;
  const Status r = editor_.edit([&](Settings& s) {
    s.cns.algorithm = "ES256";
    s.cns.key = privatePem;
    if (!keyId.empty()) {
      s.cns.keyId = keyId;
    }
    saved = s.cns;
    return Status();
  });
  if (!r.ok()) {
    call.sendStatus(r);
    return;
  }
  if (!call.audit("cns.generate-key", "cns", auditDetails(saved, false, true))) {
    return;
  }
  Poco::JSON::Object out;
  out.set("algorithm", "ES256");
  out.set("keyId", saved.keyId);
  out.set("publicKey", publicPem);
  call.sendJson(200, out);
}

}  // namespace enp::admin
