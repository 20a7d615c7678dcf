#pragma once

// Shared plumbing of the fakes: a Poco HTTPServer with its own thread pool sized for many
// concurrent keep-alive connections, and an interruptible wait used for scripted latency.

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace fakes {

struct ListenOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  ///< 0: any free port; read it back with port().
  /// Poco's HTTPServer keeps one pool thread per open keep-alive connection (DESIGN §8), so this
  /// is the number of connections served at once.
  int threads = 64;
  int backlog = 512;
  std::chrono::seconds keepAliveTimeout{30};
};

/// "host:port" (port may be 0) -> options; nullopt when malformed.
std::optional<ListenOptions> parseListen(std::string_view hostPort, ListenOptions base = {});

/// Ends waits early when the owner shuts down, so a scripted hang never blocks destruction.
/// Thread-safe.
class StopSignal {
 public:
  /// Waits for d unless stop() is called; true when the full time elapsed.
  bool waitFor(std::chrono::milliseconds d);
  void stop();
  bool stopped() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

/// Creates a handler per request by calling a function (the fakes pass a lambda).
class FunctionHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit FunctionHandlerFactory(std::function<Poco::Net::HTTPRequestHandler*()> make)
      : make_(std::move(make)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return make_();
  }

 private:
  std::function<Poco::Net::HTTPRequestHandler*()> make_;
};

/// A started HTTPServer. The destructor aborts open connections and joins every handler thread,
/// so no handler runs after it returns.
class LoopbackServer {
 public:
  /// With `tls`, HTTPS with that server context (a SecureServerSocket); without, plain HTTP.
  LoopbackServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory, const ListenOptions& options,
                 Poco::Net::Context::Ptr tls = nullptr);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  uint16_t port() const { return port_; }
  void stop();

 private:
  Poco::ThreadPool pool_;
  Poco::Net::ServerSocket socket_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  uint16_t port_ = 0;
  std::once_flag stopOnce_;
};

}  // namespace fakes
