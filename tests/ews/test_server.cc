#include "test_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "test_util.h"

namespace ews::test {

class TestHttpServer::Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(TestHttpServer* owner) : owner_(owner) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(owner_);
  }

 private:
  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(TestHttpServer* owner) : owner_(owner) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
      RecordedRequest r;
      r.method = request.getMethod();
      r.uri = request.getURI();
      r.clientPort = request.clientAddress().port();
      for (const auto& [name, value] : request) {
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        r.headers[lower] = value;
      }
      Poco::StreamCopier::copyToString(request.stream(), r.body);
      owner_->record(r);
      owner_->handler_(r, response);
    }

   private:
    TestHttpServer* owner_;
  };

  TestHttpServer* owner_;
};

TestHttpServer::TestHttpServer(Handler handler, Poco::Net::Context::Ptr tls)
    : handler_(std::move(handler)), tls_(!tls.isNull()) {
  const Poco::Net::SocketAddress address("127.0.0.1", 0);
  Poco::Net::ServerSocket socket =
      tls_ ? Poco::Net::SecureServerSocket(address, 64, tls) : Poco::Net::ServerSocket(address);
  port_ = socket.address().port();
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setKeepAlive(true);
  params->setMaxThreads(4);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(this), socket, params);
  server_->start();
}

TestHttpServer::~TestHttpServer() { server_->stopAll(true); }

std::string TestHttpServer::url(const std::string& path) const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<RecordedRequest> TestHttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void TestHttpServer::record(const RecordedRequest& r) {
  std::lock_guard lock(mutex_);
  requests_.push_back(r);
}

void TestHttpServer::reply(Poco::Net::HTTPServerResponse& response, int status,
                           const std::string& body,
                           const std::vector<std::pair<std::string, std::string>>& headers) {
  response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  for (const auto& [name, value] : headers) {
    response.add(name, value);
  }
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  response.send() << body;
}

void makeSelfSignedCert(const std::string& dir, const std::string& name) {
  std::string output;
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost"
      " -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout '" +
      dir + "/" + name + ".key' -out '" + dir + "/" + name + ".pem'";
  ASSERT_EQ(runCommand(cmd, &output), 0) << output;
}

}  // namespace ews::test
