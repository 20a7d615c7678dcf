#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/SocketAddress.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "enp/http/buffered_request.h"

namespace enp::http {

/// The two ends of a connection: read once, shared by the connection's requests (a copy of a
/// Poco address allocates; a request is copied and moved on its way to the handler).
struct Endpoints {
  Poco::Net::SocketAddress client;
  Poco::Net::SocketAddress server;
};

/// A request as the listener read it.
struct RawRequest {
  std::string method;
  std::string target;
  int version = 11;  ///< 10 or 11.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  BufferedRequest::Body bodyState = BufferedRequest::Body::kComplete;
  std::shared_ptr<const Endpoints> endpoints;  ///< Unknown (the wildcard addresses) when null.
  bool secure = false;
};

/// The answer a handler gave.
struct RawResponse {
  int status = 500;
  std::vector<std::pair<std::string, std::string>> headers;  ///< Without Content-Length.
  std::string body;
  bool keepAlive = true;
};

/// Runs the handler `factory` gives for `request` (Poco's handler interfaces, so the handlers
/// of both listeners are written as for Poco's server) on the calling thread. A handler that
/// throws, or none for the request, gives a 500 / 404. Never throws.
RawResponse runHandler(Poco::Net::HTTPRequestHandlerFactory& factory, RawRequest request);

}  // namespace enp::http
