#include "enp/http/poco_bridge.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/String.h>

#include <memory>
#include <sstream>

#include "enp/common/log.h"

namespace enp::http {
namespace {

class BridgeResponse : public Poco::Net::HTTPServerResponse {
 public:
  BridgeResponse() { setVersion(HTTP_1_1); }  // keep-alive unless a handler says otherwise
  void sendContinue() override {}             // the listener answered Expect: 100-continue already
  std::ostream& send() override {
    sent_ = true;
    return body_;
  }
  void sendFile(const std::string& path, const std::string& /*mediaType*/) override {
    throw Poco::NotImplementedException("sendFile " + path);
  }
  void sendBuffer(const void* buffer, std::size_t length) override {
    sent_ = true;
    body_.write(static_cast<const char*>(buffer), static_cast<std::streamsize>(length));
  }
  void redirect(const std::string& uri, HTTPStatus status) override {
    setStatusAndReason(status);
    set("Location", uri);
    sent_ = true;
  }
  void requireAuthentication(const std::string& realm) override {
    setStatusAndReason(HTTP_UNAUTHORIZED);
    set("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
    sent_ = true;
  }
  bool sent() const override { return sent_; }
  std::string body() const { return body_.str(); }

 private:
  std::ostringstream body_;
  bool sent_ = false;
};

class BridgeRequest : public BufferedRequest {
 public:
  BridgeRequest(RawRequest raw, BridgeResponse& response)
      : raw_(std::move(raw)), body_(raw_.body), response_(response) {
    setMethod(raw_.method);
    setURI(raw_.target);
    setVersion(raw_.version == 10 ? HTTP_1_0 : HTTP_1_1);
    for (const auto& [name, value] : raw_.headers) {
      add(name, value);
    }
  }
  std::istream& stream() override { return body_; }
  const Poco::Net::SocketAddress& clientAddress() const override { return ends().client; }
  const Poco::Net::SocketAddress& serverAddress() const override { return ends().server; }
  const Poco::Net::HTTPServerParams& serverParams() const override { return *params_; }
  Poco::Net::HTTPServerResponse& response() const override { return response_; }
  bool secure() const override { return raw_.secure; }
  Body body() const override { return raw_.bodyState; }

 private:
  const Endpoints& ends() const {
    static const Endpoints unknown;
    return raw_.endpoints ? *raw_.endpoints : unknown;
  }

  RawRequest raw_;
  std::istringstream body_;
  BridgeResponse& response_;
  Poco::Net::HTTPServerParams::Ptr params_ = new Poco::Net::HTTPServerParams;
};

RawResponse fromBridge(const BridgeResponse& resp) {
  RawResponse out;
  out.status = static_cast<int>(resp.getStatus());
  out.keepAlive = resp.getKeepAlive();
  for (const auto& [name, value] : resp) {
    if (Poco::icompare(name, "Content-Length") != 0 && Poco::icompare(name, "Connection") != 0 &&
        Poco::icompare(name, "Transfer-Encoding") != 0) {
      out.headers.emplace_back(name, value);
    }
  }
  out.body = resp.body();
  return out;
}

RawResponse plain(int status, const std::string& message) {
  RawResponse out;
  out.status = status;
  out.headers.emplace_back("Content-Type", "application/json");
  out.body = "{\"error\":\"" + message + "\"}";
  return out;
}

}  // namespace

RawResponse runHandler(Poco::Net::HTTPRequestHandlerFactory& factory, RawRequest request) {
  try {
    BridgeResponse response;
    BridgeRequest req(std::move(request), response);
    std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(factory.createRequestHandler(req));
    if (!handler) {
      return plain(404, "not found");
    }
    handler->handleRequest(req, response);
    return fromBridge(response);
  } catch (const Poco::Exception& e) {
    log::get(log::Id::kHttp).error("request handler failed: {}", e.displayText());
  } catch (const std::exception& e) {
    log::get(log::Id::kHttp).error("request handler failed: {}", e.what());
  }
  RawResponse failed = plain(500, "internal error");
  failed.keepAlive = false;
  return failed;
}

}  // namespace enp::http
