#pragma once

#include <chrono>

namespace enp {

/// How long a mailbox watch waits before it connects again.
struct ReconnectPolicy {
  std::chrono::milliseconds first{1000};  ///< After the first failure.
  std::chrono::milliseconds max{300000};  ///< The exponential back-off stops growing here.
  /// After the server refused the password: providers lock accounts that keep failing.
  std::chrono::milliseconds authFailed{6 * 3600 * 1000};
};

/// The wait after `failures` failures in a row (1 = the first): first * 2^(failures-1), at most
/// max, of which a random part (`jitter` in [0, 1)) is taken off so that accounts dropped
/// together do not reconnect together (between half and all of it). Pure function.
std::chrono::milliseconds reconnectDelay(const ReconnectPolicy& policy, int failures,
                                         double jitter);

}  // namespace enp
