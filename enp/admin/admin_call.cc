#include "enp/admin/admin_call.h"

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <algorithm>
#include <sstream>

#include "base/utf8.h"
#include "enp/common/log.h"
#include "enp/common/log_text.h"
#include "enp/http/http_util.h"

namespace enp::admin {

AdminCall::AdminCall(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp,
                     std::map<std::string, std::string> params, Caller caller, AuditStore& audit,
                     const Clock& clock, size_t maxBodyBytes)
    : req_(req),
      resp_(resp),
      params_(std::move(params)),
      caller_(std::move(caller)),
      auditStore_(audit),
      clock_(clock),
      maxBodyBytes_(maxBodyBytes) {
  try {
    for (const auto& [k, v] : Poco::URI(req.getURI()).getQueryParameters()) {
      query_[k] = v;
    }
  } catch (const Poco::Exception&) {
  }
}

std::string AdminCall::param(const std::string& name) const {
  auto it = params_.find(name);
  return it == params_.end() ? "" : it->second;
}

std::string AdminCall::query(const std::string& name, const std::string& fallback) const {
  auto it = query_.find(name);
  return it == query_.end() ? fallback : it->second;
}

int AdminCall::queryInt(const std::string& name, int fallback, int lo, int hi) const {
  std::string v = query(name);
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) {
    return fallback;
  }
  return std::clamp(std::stoi(v), lo, hi);
}

std::string AdminCall::clientIp() const { return req_.clientAddress().host().toString(); }

bool AdminCall::rawBody(const std::string& mediaType, std::string* out) {
  if (http::mediaType(req_) != mediaType) {
    sendError(415, "body: expected Content-Type " + mediaType);
    return false;
  }
  switch (http::readBody(req_, maxBodyBytes_, out)) {
    case http::BodyStatus::kOk:
      return true;
    case http::BodyStatus::kTooSlow:
      resp_.setKeepAlive(false);
      sendError(408, "body: not received in time");
      http::lingeringClose(req_, resp_);
      return false;
    default:
      resp_.setKeepAlive(false);
      sendError(413, "body: too large or unreadable");
      http::lingeringClose(req_, resp_);
      return false;
  }
}

Poco::JSON::Object::Ptr AdminCall::jsonBody() {
  std::string text;
  if (!rawBody("application/json", &text)) {
    return nullptr;
  }
  // Poco's parser refuses invalid UTF-8 too, but without saying so.
  if (!base::utf8::isValid(text)) {
    sendError(400, "body: " + base::utf8::invalidProblem(text));
    return nullptr;
  }
  try {
    auto obj = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    if (obj) {
      return obj;
    }
  } catch (const std::exception&) {
  }
  sendError(400, "body: expected a JSON object");
  return nullptr;
}

void AdminCall::sendJson(int status, const Poco::JSON::Object& body) {
  status_ = status;
  http::sendJson(resp_, status, body);
}

void AdminCall::sendJson(int status, const Poco::JSON::Array& body) {
  status_ = status;
  std::ostringstream out;
  body.stringify(out);
  http::send(resp_, status, "application/json", base::utf8::repair(out.str()));
}

void AdminCall::sendNoContent() {
  status_ = 204;
  http::send(resp_, 204, "application/json", "");
}

void AdminCall::sendError(int status, const std::string& message) {
  status_ = status;
  http::sendError(resp_, status, message);
}

void AdminCall::sendStatus(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalid:
      sendError(400, status.message());
      return;
    case StatusCode::kNotFound:
      sendError(404, status.message());
      return;
    case StatusCode::kConflict:
      sendError(409, status.message());
      return;
    case StatusCode::kUnavailable:
      sendError(503, status.message());
      return;
    case StatusCode::kStore:
      sendError(500, status.message());
      return;
    case StatusCode::kOk:
    case StatusCode::kInternal:
      break;
  }
  sendInternalError(status);
}

void AdminCall::sendInternalError(const Status& status) {
  std::string path;
  try {
    path = Poco::URI(req_.getURI()).getPath();
  } catch (const Poco::Exception&) {
  }
  log::get(log::Id::kAdmin)
      .error("{} {}: {}", forLog(req_.getMethod(), 16), forLog(path), status.toString());
  sendError(500, "internal error (see the log)");
}

bool AdminCall::audit(const std::string& action, const std::string& target,
                      const Poco::JSON::Object& details, const std::string& actor) {
  // String details may come from the request (a label, a URL): escaped and cut like the rest.
  Poco::JSON::Object bounded(details);
  for (const auto& [key, value] : details) {
    if (value.isString()) {
      bounded.set(key, forLog(value.extract<std::string>(), AuditStore::kMaxTextBytes));
    }
  }
  std::ostringstream out;
  bounded.stringify(out);
  const Status recorded = auditStore_.record(
      {0, clock_.nowMs(), actor.empty() ? caller_.actor : actor, action, target, out.str()});
  if (!recorded.ok()) {
    if (status_ == 0) {
      sendInternalError(recorded);
    } else {
      log::get(log::Id::kAdmin).error("{} not audited: {}", action, recorded.toString());
    }
    return false;
  }
  audited_ = true;
  return true;
}

void AdminCall::sendLookupFailure(const Status& status, const std::string& notFound) {
  if (status.code() == StatusCode::kNotFound) {
    sendError(404, notFound);
  } else {
    sendInternalError(status);
  }
}

}  // namespace enp::admin
