#include "enp/http/listener.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

namespace enp {

Result<std::unique_ptr<Listener>> Listener::open(const ListenerOptions& o) try {
  std::unique_ptr<Listener> listener(new Listener(o));
  Poco::Net::SocketAddress addr(o.address.host, o.address.port);
  Poco::Net::ServerSocket& socket = listener->socket_;
  if (o.tlsCert.empty()) {
    socket = Poco::Net::ServerSocket(addr, 256);
  } else {
    Poco::Net::Context::Ptr ctx =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, o.tlsKey, o.tlsCert, "",
                               Poco::Net::Context::VERIFY_NONE, 9, false,
                               "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!MD5:!RC4:!3DES");
    ctx->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                          Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
    socket = Poco::Net::SecureServerSocket(addr, 256, ctx);
  }
  listener->port_ = socket.address().port();
  return listener;
} catch (const Poco::Exception& e) {
  return Status::unavailable(e.displayText());
}

Status Listener::start(Poco::Net::HTTPRequestHandlerFactory::Ptr factory) try {
  const ListenerOptions& o = options_;
  pool_ = std::make_unique<Poco::ThreadPool>(2, o.threads, 60);
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(o.threads);
  params->setMaxQueued(o.maxQueued);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(o.keepAliveSeconds, 0));
  params->setMaxKeepAliveRequests(1000);
  params->setTimeout(Poco::Timespan(o.timeoutSeconds, 0));  // slow clients: silence closes
  server_ = std::make_unique<Poco::Net::HTTPServer>(factory, *pool_, socket_, params);
  server_->start();
  return Status();
} catch (const Poco::Exception& e) {
  return Status::unavailable(e.displayText());
}

Listener::~Listener() { stop(); }

void Listener::stop() {
  if (server_) {
    server_->stopAll(true);
    server_.reset();
    pool_->joinAll();
  }
}

}  // namespace enp
