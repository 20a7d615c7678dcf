#pragma once

// Many HTTP requests in flight on one thread: libcurl's multi-socket API driven by a Boost.Asio
// event loop. Waiting for an answer costs a socket, not a thread; connections (and HTTP/2
// streams, where the server offers them) are reused across requests.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>  // before Asio: its awaitable.hpp uses std::exchange

#include "ews/transport.h"

namespace ews {

struct CurlMultiOptions {
  /// Requests to one server (scheme, host and port) at once, so also its connections (0 = no
  /// limit). Those beyond wait in order for one to end, and their timeout starts only then
  /// (in libcurl's own queue for a connection it would already run).
  long maxRequestsPerServer = 0;
  /// Connections kept open for reuse (libcurl's CURLMOPT_MAXCONNECTS), counting those in use:
  /// keep it at least at the transfers in flight at once, or each transfer that ends beyond it
  /// closes its connection and the next one opens a new one (connect, and TLS where used).
  long maxCachedConnections = 256;
  /// Each transfer's receive buffer (libcurl's CURLOPT_BUFFERSIZE, 1,024 at least), held as
  /// long as the transfer is in flight: 8 KB instead of libcurl's 16 KB halves what a thousand
  /// waiting requests hold; the answers ENP reads are a few KB. bench/transfer_memory_bench.
  long receiveBufferBytes = 8192;
  /// The loop thread's name (top -H, perf) and nice value (Linux: per thread).
  std::string threadName = "enp-http-out";
  int nice = 0;
};

/// Owns one thread that runs every transfer. Thread-safe: send() may be called from any thread;
/// completions are delivered on the caller's executor. Work that awaits its answers can run on
/// the loop itself (executor()): it then sends and resumes without waking another thread.
class CurlMulti {
 public:
  using Done = std::function<void(Result<HttpReply>)>;

  explicit CurlMulti(CurlMultiOptions options = {});
  ~CurlMulti();  ///< Ends the transfers still running with a kTransport error ("aborted").
  CurlMulti(const CurlMulti&) = delete;
  CurlMulti& operator=(const CurlMulti&) = delete;

  /// Sends `request` with `options` (auth, CA, timeouts as for makeCurlTransport()) and calls
  /// `done` on this object's thread with the reply, or a kTransport Error when no HTTP answer
  /// came. `done` must not block.
  void send(TransportOptions options, HttpRequest request, Done done);

  /// send() for Asio completion tokens (use_awaitable, a callback): the completion runs on the
  /// token's associated executor, not on this object's thread.
  template <typename Token>
  auto asyncSend(TransportOptions options, HttpRequest request, Token&& token) {
    // The request travels in a shared_ptr captured by the initiation (copyable, one allocation).
    // Callers: pass named objects, not temporaries, when awaiting this (GCC 12 mishandles class
    // temporaries inside a co_await expression).
    auto what = std::make_shared<std::pair<TransportOptions, HttpRequest>>(std::move(options),
                                                                           std::move(request));
    return boost::asio::async_initiate<Token, void(Result<HttpReply>)>(
        [this, what](auto handler) {
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          send(std::move(what->first), std::move(what->second), [shared](Result<HttpReply> reply) {
            auto executor = boost::asio::get_associated_executor(*shared);
            boost::asio::post(executor, [shared, reply = std::move(reply)]() mutable {
              std::move (*shared)(std::move(reply));
            });
          });
        },
        token);
  }

  /// Requests sent and not yet answered (those waiting for their server's turn included).
  size_t inFlight() const;
  /// Connections opened so far (a request on a reused connection or HTTP/2 stream opens none).
  size_t connectionsOpened() const;

  /// The loop's executor, for work that should run on its thread.
  boost::asio::any_io_executor executor();

  /// Stops the loop at once: nothing queued on it runs any more (handlers waiting on it are
  /// destroyed with this object). Waits for the thread. The destructor then ends the transfers
  /// without running their completions. Idempotent.
  void halt();

 private:
  class Loop;
  std::unique_ptr<Loop> loop_;
};

}  // namespace ews
