#include "enp/http/listener.h"

namespace enp {

Result<std::unique_ptr<Listener>> Listener::open(const ListenerOptions& o) {
  http::HttpServerOptions options;
  options.name = o.name;
  options.address = o.address;
  options.tlsCert = o.tlsCert;
  options.tlsKey = o.tlsKey;
  options.handlerThreads = o.threads;
  options.headerTimeout = std::chrono::seconds(o.timeoutSeconds);
  options.bodyTimeout = std::chrono::seconds(o.timeoutSeconds);
  options.keepAlive = std::chrono::seconds(o.keepAliveSeconds);
  options.maxBodyBytes = o.maxBodyBytes;
  options.limits = {o.maxConnections, o.maxConnectionsPerAddress};
  Result<std::unique_ptr<http::HttpServer>> server =
      http::HttpServer::open(std::move(options), o.metrics);
  if (!server.ok()) {
    return server.error();
  }
  return std::unique_ptr<Listener>(new Listener(std::move(*server)));
}

}  // namespace enp
