#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <memory>
#include <string>

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

/// A Poco HTTP(S) server: the constructor binds (so port() is known), start() serves.
/// Throws Poco::Exception when it cannot bind or load TLS.
class Listener {
 public:
  explicit Listener(const ListenerOptions& options);
  ~Listener();

  void start(Poco::Net::HTTPRequestHandlerFactory::Ptr factory);

  unsigned short port() const { return port_; }
  /// Stops accepting and closes idle connections; requests in progress complete.
  void stop();

 private:
  const ListenerOptions options_;
  Poco::Net::ServerSocket socket_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  unsigned short port_ = 0;
};

}  // namespace enp
