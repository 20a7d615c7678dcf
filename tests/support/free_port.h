#pragma once

// Loopback ports for test servers.

#include <cstdint>

namespace testsupport {

/// A TCP port on 127.0.0.1 no one listens on now (bound to 0, read back, closed); throws
/// std::runtime_error when no socket can be bound.
uint16_t freeLoopbackPort();

}  // namespace testsupport
