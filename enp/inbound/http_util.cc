#include "enp/inbound/http_util.h"

#include <Poco/String.h>

#include <istream>
#include <sstream>

namespace enp::http {

BodyStatus readBody(Poco::Net::HTTPServerRequest& req, size_t maxBytes, std::string* out) {
  out->clear();
  if (req.hasContentLength()) {
    if (req.getContentLength64() > static_cast<Poco::Int64>(maxBytes)) {
      return BodyStatus::kTooLarge;
    }
    out->reserve(static_cast<size_t>(req.getContentLength64()));
  }
  std::istream& in = req.stream();
  char buf[16384];
  while (in) {
    in.read(buf, sizeof buf);
    std::streamsize n = in.gcount();
    if (n <= 0) {
      break;
    }
    if (out->size() + static_cast<size_t>(n) > maxBytes) {
      return BodyStatus::kTooLarge;
    }
    out->append(buf, static_cast<size_t>(n));
  }
  if (in.bad()) {
    return BodyStatus::kReadError;
  }
  return BodyStatus::kOk;
}

std::string mediaType(const Poco::Net::HTTPServerRequest& req) {
  std::string ct = req.get("Content-Type", "");
  auto semi = ct.find(';');
  if (semi != std::string::npos) {
    ct.resize(semi);
  }
  return Poco::toLower(Poco::trim(ct));
}

std::string bearerToken(const Poco::Net::HTTPServerRequest& req) {
  std::string auth = req.get("Authorization", "");
  const std::string prefix = "bearer ";
  if (auth.size() <= prefix.size() || Poco::icompare(auth.substr(0, prefix.size()), prefix) != 0) {
    return "";
  }
  return Poco::trim(auth.substr(prefix.size()));
}

void send(Poco::Net::HTTPServerResponse& resp, int status, const std::string& contentType,
          const std::string& body) {
  resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  resp.setContentType(contentType);
  resp.setContentLength(static_cast<std::streamsize>(body.size()));
  resp.set("Cache-Control", "no-store");
  resp.send() << body;
}

void sendJson(Poco::Net::HTTPServerResponse& resp, int status, const Poco::JSON::Object& body) {
  std::ostringstream out;
  body.stringify(out);
  send(resp, status, "application/json", out.str());
}

void sendError(Poco::Net::HTTPServerResponse& resp, int status, const std::string& message) {
  Poco::JSON::Object o;
  o.set("error", message);
  auto colon = message.find(": ");
  if (colon != std::string::npos && message.find(' ') > colon) {
    o.set("field", message.substr(0, colon));
  }
  sendJson(resp, status, o);
}

}  // namespace enp::http
