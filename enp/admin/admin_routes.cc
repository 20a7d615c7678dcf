#include "enp/admin/admin_routes.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/URI.h>

#include "enp/inbound/http_util.h"

namespace enp {
namespace {

class MetricsHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit MetricsHandler(Metrics& m) : metrics_(m) {}
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& resp) override {
    http::send(resp, 200, "text/plain; version=0.0.4; charset=utf-8", metrics_.render());
  }

 private:
  Metrics& metrics_;
};

class SimpleHandler : public Poco::Net::HTTPRequestHandler {
 public:
  SimpleHandler(int status, std::string msg) : status_(status), msg_(std::move(msg)) {}
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& resp) override {
    if (status_ == 200) {
      http::send(resp, 200, "application/json", "{\"status\":\"ok\"}");
    } else {
      http::sendError(resp, status_, msg_);
    }
  }

 private:
  int status_;
  std::string msg_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* AdminRoutes::createRequestHandler(
    const Poco::Net::HTTPServerRequest& req) {
  std::string path = Poco::URI(req.getURI()).getPath();
  if (req.getMethod() == "GET" && path == "/metrics") {
    return new MetricsHandler(metrics_);
  }
  if (req.getMethod() == "GET" && path == "/healthz") {
    return new SimpleHandler(200, "");
  }
  return new SimpleHandler(404, "no such resource");
}

}  // namespace enp
