#pragma once

// An HttpServer on loopback with small handlers, and a raw client that sees exactly what the
// server sends (or that it closed).

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "enp/common/metrics.h"
#include "enp/http/async_handler.h"
#include "enp/http/http_server.h"

namespace enp::http::testing {

/// Serves:
///   GET  /hello        -> 200 "hello"
///   POST /echo         -> 200 with the body (http::readBody, 64 KiB at most: 413; too slow: 408)
///   GET  /slow?ms=N    -> 200 after N ms in the handler
///   GET  /wait         -> 200 once openGate() was called: holds its handler thread until then
///   GET  /later        -> held (an AsyncHandler that has not answered) until answerHeld()
///   GET  /throw        -> an AsyncHandler that throws
class TestServer {
 public:
  /// The /later requests' answers, not given yet.
  struct Held {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<AsyncHandler::Answer> answers;  // GUARDED_BY(mutex)
  };
  /// What the /wait requests wait for.
  struct Gate {
    std::mutex mutex;
    std::condition_variable cv;
    bool open = false;  // GUARDED_BY(mutex)
    int waiting = 0;    // GUARDED_BY(mutex)
  };

  explicit TestServer(HttpServerOptions options);
  ~TestServer();
  unsigned short port() const { return server_->port(); }
  Metrics& metrics() { return metrics_; }
  uint64_t counter(const std::string& series) { return metrics_.counter(series).value(); }
  void stop() { server_->stop(); }
  HttpServer& server() { return *server_; }
  /// Waits until a /slow handler has started; false after `timeout`.
  bool waitForSlowHandler(std::chrono::milliseconds timeout);
  /// Waits until `n` /later requests are held; false after `timeout`.
  bool waitForHeld(size_t n, std::chrono::milliseconds timeout);
  /// Answers every held /later request, from the calling thread: 200 "later <i>".
  void answerHeld();
  /// Waits until a /wait handler is waiting; false after `timeout`.
  bool waitForGateWaiter(std::chrono::milliseconds timeout);
  /// Lets the /wait handlers answer (the destructor does too).
  void openGate();

 private:
  Metrics metrics_;
  std::unique_ptr<HttpServer> server_;
  std::shared_ptr<Held> held_ = std::make_shared<Held>();
  std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
};

/// A connection from `from` (any 127.x.y.z address) to the server.
Poco::Net::StreamSocket connectTo(unsigned short port, const std::string& from = "127.0.0.1");

/// Sends `request` and reads one answer ("" when the server closed without one). Reads until
/// the end of the answer's Content-Length body, or until the server closes.
std::string roundTrip(Poco::Net::StreamSocket& socket, const std::string& request,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10));

/// True when the server has closed the connection within `timeout` (a read returns 0 or fails
/// with a reset); false when it is still open.
bool closedWithin(Poco::Net::StreamSocket& socket, std::chrono::milliseconds timeout);

inline std::string get(const std::string& path, bool keepAlive = true) {
  return "GET " + path + " HTTP/1.1\r\nHost: test\r\n" +
         (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
}

}  // namespace enp::http::testing
