#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "enp/http/poco_bridge.h"

namespace enp::http {

/// What a callback answers when the listener gave up on the request's body: 413 (larger than
/// `maxBodyBytes`) or 408 (not all there within `requestTimeout`), the limit in words, and
/// `reason` for the handler's counter. The answer closes the connection.
struct BodyRefusal {
  int status = 0;
  const char* reason = "";
  std::string detail;
};

/// The refusal for `request`'s body, or nullopt when it came whole.
std::optional<BodyRefusal> bodyRefusal(const RawRequest& request, size_t maxBodyBytes,
                                       std::chrono::milliseconds requestTimeout);

}  // namespace enp::http
