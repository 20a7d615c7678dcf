#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <chrono>
#include <memory>
#include <string>

#include "enp/common/metrics.h"
#include "enp/common/status.h"
#include "enp/config/bootstrap.h"
#include "enp/http/http_server.h"

namespace enp {

struct ListenerOptions {
  ListenAddress address;
  std::string tlsCert;  ///< Empty = plain HTTP.
  std::string tlsKey;
  int threads = 16;  ///< Handler threads: requests being answered at once, not connections.
  int keepAliveSeconds = 15;
  int timeoutSeconds = 30;  ///< Deadline for a request's headers, and one for its body.
  size_t maxBodyBytes = 1 << 20;
  int maxConnections = 10000;
  int maxConnectionsPerAddress = 256;
  std::string name = "public";  ///< In metrics and logs.
  Metrics* metrics = nullptr;   ///< Connection metrics; may be null.
};

/// One of ENP's HTTP(S) listeners (http::HttpServer): open() binds (so port() is known),
/// start() serves.
class Listener {
 public:
  /// The bound listener; kUnavailable with the reason when it cannot bind or load the TLS
  /// certificate and key.
  static Result<std::unique_ptr<Listener>> open(const ListenerOptions& options);

  /// Serves with the handlers of `factory`.
  Status start(Poco::Net::HTTPRequestHandlerFactory::Ptr factory) {
    return server_->start(std::move(factory));
  }

  unsigned short port() const { return server_->port(); }
  /// See HttpServer::reloadTls.
  Status reloadTls(const std::string& certFile, const std::string& keyFile) {
    return server_->reloadTls(certFile, keyFile);
  }
  /// Stops accepting and closes idle connections; requests in progress complete.
  void stop() { server_->stop(); }

 private:
  explicit Listener(std::unique_ptr<http::HttpServer> server) : server_(std::move(server)) {}

  std::unique_ptr<http::HttpServer> server_;
};

}  // namespace enp
