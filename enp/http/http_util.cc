#include "enp/http/http_util.h"

#include <Poco/String.h>

#include <istream>
#include <sstream>

#include "enp/common/utf8.h"

namespace enp::http {

BodyStatus readBody(Poco::Net::HTTPServerRequest& req, size_t maxBytes, std::string* out,
                    std::chrono::milliseconds maxTime) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + maxTime;
  out->clear();
  if (req.hasContentLength()) {
    if (req.getContentLength64() > static_cast<Poco::Int64>(maxBytes)) {
      return BodyStatus::kTooLarge;
    }
    out->reserve(static_cast<size_t>(req.getContentLength64()));
  }
  std::istream& in = req.stream();
  char buf[16384];
  // peek() waits for the next bytes (at most the socket timeout); readsome() then takes what has
  // arrived, so the deadline is looked at between the client's writes, however slow they are.
  Clock::time_point waitFrom = Clock::now();
  while (in.peek() != std::char_traits<char>::eof()) {
    waitFrom = Clock::now();
    const std::streamsize n = in.readsome(buf, sizeof buf);
    if (out->size() + static_cast<size_t>(n) > maxBytes) {
      return BodyStatus::kTooLarge;
    }
    out->append(buf, static_cast<size_t>(n));
    if (Clock::now() > deadline) {
      return BodyStatus::kTooSlow;
    }
  }
  if (in.bad()) {
    // Poco's streams report a socket timeout as a failed read: one that came after a long wait
    // was the client going quiet, not a reset connection.
    const Clock::time_point now = Clock::now();
    return now > deadline || now - waitFrom >= std::chrono::seconds(1) ? BodyStatus::kTooSlow
                                                                       : BodyStatus::kReadError;
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
  // Poco escapes control characters but copies other bytes as they are: text that reached a
  // value from elsewhere (a log line, an answer of Exchange) may not be UTF-8, and JSON must be.
  // Outside strings JSON is ASCII, so replacing invalid bytes keeps the document well-formed.
  send(resp, status, "application/json", utf8::toValid(out.str()));
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
