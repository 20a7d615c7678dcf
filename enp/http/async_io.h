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
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <optional>
#include <type_traits>

#include "ews/curl_multi.h"

namespace enp {

struct AsyncIo {
  /// The outgoing HTTP loop; null: readers and sinks are called through their blocking
  /// read()/deliver() (Processor::process(), the tests' fake transports).
  ews::CurlMulti* http = nullptr;
  /// For readers and sinks without an event-driven path (their blocking calls), and the rare
  /// store calls that block.
  boost::asio::any_io_executor blocking;
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

/// Calls start(done) and resumes the awaiting coroutine on its own executor with what `done` is
/// given, from whichever thread calls it (once): for APIs that answer through a callback
/// (Database::writeAsync), so that waiting for them holds no thread.
template <typename T, typename Start>
boost::asio::awaitable<T> awaitCallback(Start start) {
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(T)>(
      [start = std::move(start)](auto handler) mutable {
        auto executor = boost::asio::get_associated_executor(handler);
        // The executor keeps work while the answer is awaited (an io_context run only until it
        // runs out of work must not return meanwhile).
        auto state = std::make_shared<
            std::pair<decltype(handler), decltype(boost::asio::make_work_guard(executor))>>(
            std::move(handler), boost::asio::make_work_guard(executor));
        start([state](T value) {
          auto target = state->second.get_executor();
          boost::asio::post(target, [state, value = std::move(value)]() mutable {
            std::move(state->first)(std::move(value));
            state->second.reset();
          });
        });
      },
      boost::asio::use_awaitable);
}

}  // namespace enp
