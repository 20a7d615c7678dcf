#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "enp/http/poco_bridge.h"

namespace enp::http {

/// A handler that may answer after it returns: one that waits for a group commit holds no
/// thread meanwhile (Database::writeAsync). Runs with the whole request (the listener read the
/// body within its limits: RawRequest::bodyState says what came of it) on the listener's thread
/// for AsyncHandlers (HttpServerOptions::asyncThreads), which every other request of its kind
/// waits for: a look-up or a parse, never a commit.
class AsyncHandler {
 public:
  /// Takes the answer; callable from any thread.
  using Answer = std::function<void(RawResponse)>;
  virtual ~AsyncHandler() = default;
  /// Calls `answer` exactly once, now or later. May throw before it has answered: the
  /// listener then answers 500.
  virtual void handle(RawRequest request, Answer answer) = 0;
};

/// A listener's handler factory that also implements this is asked first: the requests it
/// takes go to an AsyncHandler, the others to its Poco handlers.
class AsyncRoutes {
 public:
  virtual ~AsyncRoutes() = default;
  /// The handler for `request`, or null for a Poco handler. Called on an I/O thread: a match
  /// of the path, nothing that waits.
  virtual std::unique_ptr<AsyncHandler> asyncHandler(const RawRequest& request) = 0;
};

/// Runs `handler` on the calling thread: `answer` gets its answer once, or a 500 (closing the
/// connection) when it throws before answering. Never throws.
void runAsyncHandler(AsyncHandler& handler, RawRequest request, AsyncHandler::Answer answer);

/// The value of the request's header `name` (case-insensitive), "" when absent.
std::string_view headerOf(const RawRequest& request, std::string_view name);

/// The media type of the request's Content-Type, lower-case, without parameters ("" when
/// absent).
std::string mediaTypeOf(const RawRequest& request);

/// An answer with this status, Content-Type and body.
RawResponse answerOf(int status, std::string contentType, std::string body);

}  // namespace enp::http
