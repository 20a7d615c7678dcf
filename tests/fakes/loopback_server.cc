#include "loopback_server.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <charconv>

namespace fakes {

std::optional<ListenOptions> parseListen(std::string_view hostPort, ListenOptions base) {
  const auto colon = hostPort.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return std::nullopt;
  }
  const std::string_view portText = hostPort.substr(colon + 1);
  unsigned port = 0;
  const auto [ptr, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (ec != std::errc{} || ptr != portText.data() + portText.size() || port > 65535) {
    return std::nullopt;
  }
  base.host = std::string(hostPort.substr(0, colon));
  base.port = static_cast<uint16_t>(port);
  return base;
}

bool StopSignal::waitFor(std::chrono::milliseconds d) {
  std::unique_lock lock(mutex_);
  return !cv_.wait_for(lock, d, [this] { return stopped_; });
}

void StopSignal::stop() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  cv_.notify_all();
}

bool StopSignal::stopped() const {
  std::lock_guard lock(mutex_);
  return stopped_;
}

LoopbackServer::LoopbackServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                               const ListenOptions& options, Poco::Net::Context::Ptr tls)
    : pool_(2, options.threads + 1, 60) {
  if (tls) {
    socket_ = Poco::Net::SecureServerSocket(tls);
  }
  socket_.bind(Poco::Net::SocketAddress(options.host, options.port), true);
  socket_.listen(options.backlog);
  port_ = socket_.address().port();
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(options.threads);
  params->setMaxQueued(options.backlog);
  params->setKeepAlive(true);
  params->setMaxKeepAliveRequests(0);  // Unlimited: benchmarks reuse connections.
  params->setKeepAliveTimeout(Poco::Timespan(options.keepAliveTimeout.count(), 0));
  server_ = std::make_unique<Poco::Net::HTTPServer>(factory, pool_, socket_, params);
  server_->start();
}

LoopbackServer::~LoopbackServer() { stop(); }

void LoopbackServer::stop() {
  std::call_once(stopOnce_, [this] {
    server_->stopAll(true);
    pool_.joinAll();
  });
}

}  // namespace fakes
