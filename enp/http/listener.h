#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <memory>
#include <string>

#include "enp/common/status.h"
#include "enp/config/bootstrap.h"

namespace enp {

struct ListenerOptions {
  ListenAddress address;
  std::string tlsCert;  ///< Empty = plain HTTP.
  std::string tlsKey;
  int threads = 64;  ///< One per open keep-alive connection (Poco's model).
  int keepAliveSeconds = 15;
  int maxQueued = 512;      ///< Accepted connections waiting for a thread.
  int timeoutSeconds = 30;  ///< A connection silent this long (mid-request) is closed.
};

/// A Poco HTTP(S) server: open() binds (so port() is known), start() serves.
class Listener {
 public:
  /// The bound listener; kUnavailable with Poco's reason when it cannot bind or load the TLS
  /// certificate and key.
  static Result<std::unique_ptr<Listener>> open(const ListenerOptions& options);
  ~Listener();

  /// Serves with the handlers of `factory`; kUnavailable with Poco's reason when it cannot.
  Status start(Poco::Net::HTTPRequestHandlerFactory::Ptr factory);

  unsigned short port() const { return port_; }
  /// Stops accepting and closes idle connections; requests in progress complete.
  void stop();

 private:
  explicit Listener(const ListenerOptions& options) : options_(options) {}

  const ListenerOptions options_;
  Poco::Net::ServerSocket socket_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  unsigned short port_ = 0;
};

}  // namespace enp
