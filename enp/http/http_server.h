#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "enp/common/metrics.h"
#include "enp/common/status.h"
#include "enp/config/bootstrap.h"
#include "enp/http/connection_table.h"

namespace enp::http {

struct HttpServerOptions {
  std::string name = "public";  ///< The listener, in metrics ({listener="public"}) and logs.
  ListenAddress address;
  std::string tlsCert;  ///< Empty = plain HTTP.
  std::string tlsKey;
  int ioThreads = 1;        ///< Threads that wait on sockets (epoll), however many connections.
  int handlerThreads = 16;  ///< Threads that run Poco handlers on complete requests.
  /// Threads that run AsyncHandlers. They never wait for a commit, so one keeps up with
  /// thousands of requests a second, and a busy one takes the next request without a thread
  /// being woken for it (a wake-up costs more than a callback's parse on a virtual machine).
  int asyncThreads = 1;
  /// From a request's first byte to the end of its headers, in all (not per read).
  std::chrono::milliseconds headerTimeout{10000};
  /// From the end of the headers to the end of the body, in all: 408 after it.
  std::chrono::milliseconds bodyTimeout{10000};
  /// How long a keep-alive connection may wait for its next request.
  std::chrono::milliseconds keepAlive{5000};
  size_t maxBodyBytes = 1 << 20;     ///< Larger bodies are not read (the handler answers 413).
  size_t maxHeaderBytes = 16 << 10;  ///< Larger headers get 431.
  ConnectionTable::Limits limits;
};

/// An event-driven HTTP/1.1 server (Boost.Asio and Beast): a few I/O threads wait on every
/// socket, and a handler runs on a small pool only once its request is complete, so an idle or
/// slow client costs a socket and a few kilobytes, never a thread. Defences: a total deadline for
/// the headers and one for the body, connection caps in total and per client address (at the
/// cap the longest-idle keep-alive connection is closed first), Expect: 100-continue, a
/// lingering close after 408/413, and on a TLS port a plain-HTTP request is answered with a hint
/// to use https://. Handlers are Poco request handlers (poco_bridge.h), or AsyncHandlers that
/// answer later (async_handler.h) for the requests of a factory that is also AsyncRoutes.
/// Metrics: enp_http_connections{listener,state="open"|"idle"},
/// enp_http_connections_refused_total{listener,reason="total"|"address"},
/// enp_http_idle_closed_total{listener}, enp_http_timeouts_total{listener,phase=
/// "header"|"body"|"idle"}.
class HttpServer {
 public:
  /// Binds (so port() is known); kUnavailable when it cannot bind or load the certificate.
  static Result<std::unique_ptr<HttpServer>> open(HttpServerOptions options, Metrics* metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Serves with the handlers of `factory`.
  Status start(Poco::Net::HTTPRequestHandlerFactory::Ptr factory);
  unsigned short port() const;
  /// Loads a new certificate chain and key for the connections accepted from now on (those
  /// open keep theirs). kInvalid when this server has no TLS, kUnavailable when the files
  /// cannot be loaded (the old certificate stays).
  Status reloadTls(const std::string& certFile, const std::string& keyFile);
  /// Stops accepting, closes connections between requests, lets the requests in progress be
  /// answered (for at most a few seconds) and joins the threads.
  void stop();

  struct Core;

 private:
  explicit HttpServer(std::shared_ptr<Core> core) : core_(std::move(core)) {}
  std::shared_ptr<Core> core_;
};

}  // namespace enp::http
