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

void RegistrationHandler::refuse(Poco::Net::HTTPServerResponse& resp,
                                 const AccountRefusal& refusal) {
  if (refusal.status == 503) {
    resp.set("Retry-After", "60");
  }
  fail(resp, refusal.status, refusal.result, refusal.message);
}

const MailServer* RegistrationHandler::checkAccount(Poco::Net::HTTPServerResponse& resp,
                                                    const Settings& settings,
                                                    const AccountBody& account,
                                                    const std::string& mailbox) {
  auto chosen = accountServer(settings, account, mailbox);
  if (const auto* refusal = std::get_if<AccountRefusal>(&chosen)) {
    refuse(resp, *refusal);
    return nullptr;
  }
  const MailServer* server = std::get<const MailServer*>(chosen);
  if (auto refusal = verifyAccount(deps_.checkMailLogin, *deps_.loginChecks, *server, account)) {
    log::get(log::Id::kHttp)
        .info("[reg {}] mail account {} on '{}' not accepted: {}", id_.empty() ? "new" : id_,
              forLog(account.username, 64), server->name, refusal->message);
    refuse(resp, *refusal);
    return nullptr;
  }
  return server;
}

bool RegistrationHandler::changeAccount(Poco::Net::HTTPServerResponse& resp,
                                        const RegistrationBody& body,
                                        const std::optional<MailAccount>& stored) {
  if (!body.account) {
    if (stored && body.workHoursFrom == WorkHoursFrom::kMailbox) {
      fail(resp, 400, "invalid",
           "workHoursFrom: \"mailbox\" reads working hours from Exchange; a mail account has "
           "none: use \"registration\"");
      return false;
    }
    return true;  // the account stays as it is
  }
  if (!stored) {
    fail(resp, 400, "invalid",
         "account: this registration has no mail account: register the mailbox with one");
    return false;
  }
  AccountBody account = *body.account;
  if (account.server != stored->server) {
    fail(resp, 400, "invalid",
         "account.server: cannot change; register the account on the other server instead");
    return false;
  }
  if (account.password.empty()) {  // the stored one, verified again with the new user or folder
    Result<std::string> password = deps_.mailAccounts.password(id_);
    if (!password.ok()) {
      if (password.error().code() == StatusCode::kInvalid) {
        fail(resp, 400, "invalid",
             "account.password: required (the stored one cannot be read any more)");
      } else {
        storeFailed(resp, "mail account could not be read", password.error());
      }
      return false;
    }
    account.password = std::move(*password);
  }
  auto settings = deps_.settings.get(deps_.clock.nowMs());
  if (checkAccount(resp, *settings, account, body.mailbox) == nullptr) {
    return false;
  }
  MailAccount changed = *stored;
  changed.username = account.username;
  changed.folder = account.folder;
  if (Status s = deps_.mailAccounts.change(changed, account.password, deps_.clock.nowMs());
      !s.ok()) {
    storeFailed(resp, "mail account could not be stored", s);
    return false;
  }
  log::get(log::Id::kHttp)
      .info("[reg {}] mail account {} on '{}' changed and verified", id_,
            forLog(changed.username, 64), changed.server);
  return true;
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
  const MailServer* server = nullptr;
  if (body.account) {
    if (body.account->password.empty()) {
      fail(resp, 400, "invalid", "account.password: required");
      return;
    }
    server = checkAccount(resp, *settings, *body.account, body.mailbox);
    if (server == nullptr) {
      return;
    }
  }
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
  std::optional<MailAccount> account;
  std::function<void(sql::Connection&)> alsoWrite;
  if (body.account) {
    account = MailAccount{r.id,
                          server->name,
                          body.account->username,
                          body.account->folder,
                          r.createdAt,
                          r.createdAt,
                          0,
                          {}};
    alsoWrite = deps_.mailAccounts.inserting(*account, body.account->password, r.createdAt);
  }
  if (Status stored =
          deps_.registrations.create(r, sha256Hex(callbackToken), sha256Hex(secret), alsoWrite);
      !stored.ok()) {
    storeFailed(resp, "registration could not be stored", stored);
    return;
  }
  deps_.metrics.counter("enp_registration_requests_total{result=\"created\"}").inc();
  if (Status used = deps_.keyUsage.used(label, r.createdAt); !used.ok()) {
    log::get(log::Id::kStore).warn("registration key usage not recorded: {}", used.message());
  }
  Poco::JSON::Object out;
  out.set("id", r.id);
  out.set("secret", secret);
  if (account) {
    // ENP watches the mailbox itself: nothing calls back.
    log::get(log::Id::kHttp)
        .info("[reg {}] registered {} with mail account {} on '{}' (key '{}')", r.id, r.mailbox,
              forLog(account->username, 64), account->server, label);
    out.set("account", accountToJson(*account));
  } else {
    log::get(log::Id::kHttp).info("[reg {}] registered {} (key '{}')", r.id, r.mailbox, label);
    out.set("callbackUrl", deps_.baseUrl + "/ews/notify/" + callbackToken);
  }
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
  std::optional<MailAccount> account;
  if (Result<MailAccount> found = deps_.mailAccounts.find(id_); found.ok()) {
    account = std::move(*found);
  } else if (found.error().code() != StatusCode::kNotFound) {
    storeFailed(resp, "mail account could not be read", found.error());
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
    if (!changeAccount(resp, body, account)) {
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
    if (account) {
      Result<MailAccount> found = deps_.mailAccounts.find(id_);
      if (!found.ok()) {
        storeFailed(resp, "mail account could not be read", found.error());
        return;
      }
      account = std::move(*found);
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
  if (account) {
    out.set("account", accountToJson(*account));
  }
  http::sendJson(resp, 200, out);
}

}  // namespace enp
