#include "http_client.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <memory>
#include <sstream>

namespace itest {

HttpResult httpRequest(const std::string& method, const std::string& url, const std::string& body,
                       const std::string& contentType,
                       const std::vector<std::pair<std::string, std::string>>& headers) {
  Poco::URI uri(url);
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (uri.getScheme() == "https") {
    Poco::Net::Context::Ptr ctx = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "",
                                                         Poco::Net::Context::VERIFY_NONE);
    session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), ctx);
  } else {
    session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  }
  session->setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest req(method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [k, v] : headers) {
    req.set(k, v);
  }
  if (!contentType.empty()) {
    req.setContentType(contentType);
  }
  if (!body.empty() || method == "POST" || method == "PUT") {
    req.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session->sendRequest(req) << body;
  Poco::Net::HTTPResponse resp;
  std::istream& in = session->receiveResponse(resp);
  HttpResult r;
  r.status = resp.getStatus();
  r.contentType = resp.getContentType();
  for (const auto& [k, v] : resp) {
    r.headers.emplace_back(k, v);
  }
  Poco::StreamCopier::copyToString(in, r.body);
  return r;
}

std::string HttpResult::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (Poco::icompare(k, name) == 0) {
      return v;
    }
  }
  return "";
}

std::string postWholeThenRead(const std::string& url, size_t bodyBytes,
                              const std::vector<std::pair<std::string, std::string>>& headers,
                              std::string* error) {
  Poco::URI uri(url);
  Poco::Net::SocketAddress address(uri.getHost(), uri.getPort());
  Poco::Net::StreamSocket socket;
  if (uri.getScheme() == "https") {
    Poco::Net::Context::Ptr ctx = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "",
                                                         Poco::Net::Context::VERIFY_NONE);
    socket = Poco::Net::SecureStreamSocket(address, ctx);
  } else {
    socket = Poco::Net::StreamSocket(address);
  }
  socket.setReceiveTimeout(Poco::Timespan(30, 0));
  socket.setSendTimeout(Poco::Timespan(30, 0));
  std::string head = "POST " + uri.getPathAndQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() +
                     "\r\nContent-Length: " + std::to_string(bodyBytes) + "\r\n";
  for (const auto& [k, v] : headers) {
    head += k + ": " + v + "\r\n";
  }
  head += "\r\n";
  std::string answer;
  try {
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    const std::string chunk(64 * 1024, 'x');
    for (size_t sent = 0; sent < bodyBytes;) {
      const size_t n = std::min(chunk.size(), bodyBytes - sent);
      sent += static_cast<size_t>(socket.sendBytes(chunk.data(), static_cast<int>(n)));
    }
    char buf[4096];
    int n = 0;
    while (answer.size() < 64 * 1024 && (n = socket.receiveBytes(buf, sizeof buf)) > 0) {
      answer.append(buf, static_cast<size_t>(n));
    }
  } catch (const Poco::Exception& e) {
    *error = e.displayText();
  }
  return answer;
}

double metricValue(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return 0;
}

}  // namespace itest
