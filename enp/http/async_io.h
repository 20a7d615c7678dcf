#pragma once

// What the event-driven pipeline lends the readers and sinks for their requests: the outgoing
// HTTP loop (many requests in flight, no thread each), and an executor for the few calls that
// still block (a store commit, a reader without an event-driven path).

#include <utility>  // before Asio: its awaitable.hpp uses std::exchange

// GCC 12 takes Asio's coroutine frames (their own operator new and delete over a recycling
// allocator) for a mismatched pair: a false positive at the end of every awaitable<> function
// of the file that includes this.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <type_traits>

#include "ews/curl_multi.h"

namespace enp {

struct AsyncIo {
  /// The outgoing HTTP loop; null: readers and sinks are called through their blocking
  /// read()/deliver() (Processor::process(), the tests' fake transports).
  ews::CurlMulti* http = nullptr;
  /// For readers and sinks without an event-driven path (their blocking calls).
  boost::asio::any_io_executor blocking;
  /// For the outcome commits: a pool of their own, so a slow blocking reader never holds up
  /// the commits of every other batch.
  boost::asio::any_io_executor commit;
};

/// Runs f() on `executor` and resumes the awaiting coroutine on its own executor with the
/// result. f must not throw.
template <typename F>
boost::asio::awaitable<std::invoke_result_t<F&>> offload(boost::asio::any_io_executor executor,
                                                         F f) {
  using T = std::invoke_result_t<F&>;
  std::optional<T> result = co_await boost::asio::co_spawn(
      executor,
      [&f]() -> boost::asio::awaitable<std::optional<T>> { co_return std::optional<T>(f()); },
      boost::asio::use_awaitable);
  co_return std::move(*result);
}

}  // namespace enp
