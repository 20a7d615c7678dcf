#include "enp/http/http_util.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>

#include <istream>
#include <sstream>

#include "base/utf8.h"
#include "enp/http/buffered_request.h"

namespace enp::http {

BodyStatus readBody(Poco::Net::HTTPServerRequest& req, size_t maxBytes, std::string* out,
                    std::chrono::milliseconds maxTime) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + maxTime;
  out->clear();
  if (const auto* buffered = dynamic_cast<const BufferedRequest*>(&req)) {
    // The listener read the body already, within its own limits and deadline.
    if (buffered->body() == BufferedRequest::Body::kTooLarge) {
      return BodyStatus::kTooLarge;
    }
    if (buffered->body() == BufferedRequest::Body::kTooSlow) {
      return BodyStatus::kTooSlow;
    }
  }
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
  resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  resp.setContentType(contentType);
  resp.setContentLength(static_cast<std::streamsize>(body.size()));
  resp.set("Cache-Control", "no-store");
  std::ostream& out = resp.send();
  out << body;
  out.flush();
}

void sendJson(Poco::Net::HTTPServerResponse& resp, int status, const Poco::JSON::Object& body) {
  std::ostringstream out;
  body.stringify(out);
  // Poco escapes control characters but copies other bytes as they are: text that reached a
  // value from elsewhere (a log line, an answer of Exchange) may not be UTF-8, and JSON must be.
  // Outside strings JSON is ASCII, so replacing invalid bytes keeps the document well-formed.
  send(resp, status, "application/json", base::utf8::repair(out.str()));
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

void discardUnreadBody(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp,
                       size_t maxBytes) {
  const int status = resp.getStatus();
  if (status == 413 || status == 408 ||
      (!req.hasContentLength() && !req.getChunkedTransferEncoding())) {
    return;
  }
  const auto limit = static_cast<std::streamsize>(maxBytes);
  if (req.hasContentLength() && req.getContentLength64() > limit) {
    lingeringClose(req, resp);
    return;
  }
  try {
    req.stream().ignore(limit + 1);
    if (req.stream().gcount() > limit) {
      lingeringClose(req, resp);
    }
  } catch (const Poco::Exception&) {
    resp.setKeepAlive(false);
  }
}

void lingeringClose(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) {
  using Clock = std::chrono::steady_clock;
  resp.setKeepAlive(false);  // Ends Poco's request loop on this connection.
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&req);
  if (impl == nullptr) {
    return;
  }
  Poco::Net::StreamSocket& socket = impl->socket();
  const Clock::time_point deadline = Clock::now() + kLingerTime;
  try {
    socket.shutdownSend();  // A FIN after the answer; a TLS socket (Poco 1.11) does nothing.
    char buf[16384];
    size_t drained = 0;
    while (drained < kLingerBytes) {
      const auto left =
          std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
      if (left.count() <= 0 ||
          !socket.poll(Poco::Timespan(left.count()), Poco::Net::Socket::SELECT_READ)) {
        break;
      }
      socket.setReceiveTimeout(Poco::Timespan(left.count()));
      const int n = socket.receiveBytes(buf, sizeof buf);
      if (n <= 0) {
        break;  // The client closed its side: nothing left to reset.
      }
      drained += static_cast<size_t>(n);
    }
  } catch (const Poco::Exception&) {
    // Reset or timed out: the connection ends either way.
  } catch (const std::exception&) {
  }
}

}  // namespace enp::http
