#pragma once

#include <Poco/Net/HTTPServerRequest.h>

namespace enp::http {

/// A request whose body the listener has read already, within its limits, before a handler
/// runs (a waiting client costs a socket, not a handler thread). readBody() asks it what came
/// of the body instead of reading the socket.
class BufferedRequest : public Poco::Net::HTTPServerRequest {
 public:
  enum class Body {
    kComplete,  ///< stream() holds the whole body.
    kTooLarge,  ///< Over the listener's limit: not read (stream() is empty).
    kTooSlow,   ///< Not complete within the listener's body deadline.
  };
  virtual Body body() const = 0;
};

}  // namespace enp::http
