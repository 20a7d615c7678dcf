#include "enp/inbound/registration_handler.h"

#include <Poco/JSON/Parser.h>

#include "enp/common/log.h"
#include "enp/common/log_text.h"
#include "enp/common/secrets.h"
#include "enp/http/http_util.h"
#include "enp/inbound/registration_body.h"

namespace enp {
namespace {

/// The label of the registration key presented, or "" when none matches.
std::string matchKey(const Settings& s, const std::string& presented) {
  std::string label;
  for (const auto& k : s.registrationKeys) {
    // Compare against every key so the time does not tell which one matched.
    if (!k.key.empty() && constantTimeEquals(k.key, presented)) {
      label = k.label;
    }
  }
  return label;
}

}  // namespace

void RegistrationHandler::storeFailed(Poco::Net::HTTPServerResponse& resp,
                                      const std::string& message, const Status& status) {
  log::get(log::Id::kStore).error("[reg {}] {}: {}", id_, message, status.message());
  fail(resp, 500, "store_failed", message);
}

void RegistrationHandler::fail(Poco::Net::HTTPServerResponse& resp, int status,
                               const std::string& result, const std::string& message) {
  deps_.metrics.counter("enp_registration_requests_total{result=\"" + result + "\"}").inc();
  log::get(log::Id::kHttp).info("registration API {}: {}", status, forLog(message));
  if (status == 401) {
    resp.set("WWW-Authenticate", "Bearer");
  }
  http::sendError(resp, status, message);
}

bool RegistrationHandler::readJsonBody(Poco::Net::HTTPServerRequest& req,
                                       Poco::Net::HTTPServerResponse& resp, std::string* text) {
  switch (http::readBody(req, deps_.maxBodyBytes, text, deps_.requestTimeout)) {
    case http::BodyStatus::kOk:
      return true;
    case http::BodyStatus::kTooSlow:
      resp.setKeepAlive(false);
      fail(resp, 408, "too_slow", "body not received in time");
      http::lingeringClose(req, resp);
      return false;
    default:
      resp.setKeepAlive(false);
      fail(resp, 413, "too_large", "body too large or unreadable");
      http::lingeringClose(req, resp);
      return false;
  }
}

void RegistrationHandler::handleRequest(Poco::Net::HTTPServerRequest& req,
                                        Poco::Net::HTTPServerResponse& resp) {
  const std::string& m = req.getMethod();
  if (id_.empty()) {
    if (m == "POST") {
      create(req, resp);
    } else {
      resp.set("Allow", "POST");
      fail(resp, 405, "bad_method", "method " + m + " not allowed");
    }
    return;
  }
  if (m == "GET" || m == "PUT" || m == "DELETE") {
    change(req, resp);
  } else {
    resp.set("Allow", "GET, PUT, DELETE");
    fail(resp, 405, "bad_method", "method " + m + " not allowed");
  }
}

void RegistrationHandler::create(Poco::Net::HTTPServerRequest& req,
                                 Poco::Net::HTTPServerResponse& resp) {
  auto settings = deps_.settings.get(deps_.clock.nowMs());
  std::string label = matchKey(*settings, http::bearerToken(req));
  if (label.empty()) {
    fail(resp, 401, "unauthorized", "a valid registration key is required (Bearer)");
    return;
  }
  if (http::mediaType(req) != "application/json") {
    fail(resp, 415, "bad_content_type", "expected application/json");
    return;
  }
  std::string text;
  if (!readJsonBody(req, resp, &text)) {
    return;
  }
  Result<RegistrationBody> parsed =
      parseRegistrationBody(text, deps_.zones, settings->policy.registrationDefaults);
  if (!parsed.ok()) {
    fail(resp, 400, "invalid", parsed.error().message());
    return;
  }
  const RegistrationBody& body = *parsed;
  Registration r;
  r.id = randomToken(16);
  r.mailbox = body.mailbox;
  r.deviceToken = body.deviceToken;
  r.platform = body.platform;
  r.policyJson = body.policyJson;
  r.workHoursFrom = body.workHoursFrom;
  r.keyLabel = label;
  r.createdAt = deps_.clock.nowMs();
  const std::string callbackToken = randomToken(32);
  const std::string secret = randomToken(32);
  if (Status stored = deps_.registrations.create(r, sha256Hex(callbackToken), sha256Hex(secret));
      !stored.ok()) {
    storeFailed(resp, "registration could not be stored", stored);
    return;
  }
  deps_.metrics.counter("enp_registration_requests_total{result=\"created\"}").inc();
  if (Status used = deps_.keyUsage.used(label, r.createdAt); !used.ok()) {
    log::get(log::Id::kStore).warn("registration key usage not recorded: {}", used.message());
  }
  log::get(log::Id::kHttp).info("[reg {}] registered {} (key '{}')", r.id, r.mailbox, label);
  Poco::JSON::Object out;
  out.set("id", r.id);
  out.set("secret", secret);
  out.set("callbackUrl", deps_.baseUrl + "/ews/notify/" + callbackToken);
  http::sendJson(resp, 201, out);
}

void RegistrationHandler::change(Poco::Net::HTTPServerRequest& req,
                                 Poco::Net::HTTPServerResponse& resp) {
  const Result<std::string> stored = deps_.registrations.secretHash(id_);
  if (!stored.ok() && stored.error().code() != StatusCode::kNotFound) {
    storeFailed(resp, "registration could not be read", stored.error());
    return;
  }
  std::string presented = http::bearerToken(req);
  // Unknown id and wrong secret answer alike, so ids cannot be probed.
  if (!stored.ok() || presented.empty() || !constantTimeEquals(*stored, sha256Hex(presented))) {
    fail(resp, 401, "unauthorized", "the registration secret is required (Bearer)");
    return;
  }
  Result<Registration> reg = deps_.registrations.findById(id_);
  if (!reg.ok() && reg.error().code() != StatusCode::kNotFound) {
    storeFailed(resp, "registration could not be read", reg.error());
    return;
  }
  if (!reg.ok() || reg->revokedAt) {
    fail(resp, 404, "not_found", "registration revoked");
    return;
  }
  const std::string& m = req.getMethod();
  if (m == "DELETE") {
    if (Status revoked = deps_.registrations.revoke(id_, deps_.clock.nowMs()); !revoked.ok()) {
      storeFailed(resp, "registration could not be stored", revoked);
      return;
    }
    deps_.metrics.counter("enp_registration_requests_total{result=\"revoked\"}").inc();
    log::get(log::Id::kHttp).info("[reg {}] revoked by its device", id_);
    http::send(resp, 204, "application/json", "");
    return;
  }
  if (m == "PUT") {
    if (http::mediaType(req) != "application/json") {
      fail(resp, 415, "bad_content_type", "expected application/json");
      return;
    }
    std::string text;
    if (!readJsonBody(req, resp, &text)) {
      return;
    }
    Result<RegistrationBody> parsed = parseRegistrationBody(
        text, deps_.zones, deps_.settings.get(deps_.clock.nowMs())->policy.registrationDefaults);
    if (!parsed.ok()) {
      fail(resp, 400, "invalid", parsed.error().message());
      return;
    }
    const RegistrationBody& body = *parsed;
    if (body.mailbox != reg->mailbox) {
      fail(resp, 400, "invalid", "mailbox: cannot change; register the new mailbox instead");
      return;
    }
    Registration changed = *reg;
    changed.deviceToken = body.deviceToken;
    changed.platform = body.platform;
    changed.policyJson = body.policyJson;
    changed.workHoursFrom = body.workHoursFrom;
    const Status updated = deps_.registrations.update(changed, deps_.clock.nowMs());
    if (updated.code() == StatusCode::kNotFound) {
      fail(resp, 404, "not_found", "registration revoked");  // revoked since it was read
      return;
    }
    if (!updated.ok()) {
      storeFailed(resp, "registration could not be stored", updated);
      return;
    }
    deps_.metrics.counter("enp_registration_requests_total{result=\"updated\"}").inc();
    reg = deps_.registrations.findById(id_);
    if (!reg.ok()) {
      storeFailed(resp, "registration could not be read", reg.error());
      return;
    }
  }
  Poco::JSON::Object out;
  out.set("id", reg->id);
  out.set("mailbox", reg->mailbox);
  out.set("platform", reg->platform);
  Poco::JSON::Parser parser;
  out.set("policy", parser.parse(reg->policyJson));
  out.set("workHoursFrom", toString(reg->workHoursFrom));
  out.set("createdAt", reg->createdAt);
  out.set("updatedAt", reg->updatedAt);
  if (reg->lastSeenAt) {
    out.set("lastSeenAt", *reg->lastSeenAt);
  }
  http::sendJson(resp, 200, out);
}

}  // namespace enp
