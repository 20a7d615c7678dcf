#include "enp/source/watch/reconnect_delay.h"

#include <algorithm>

namespace enp {

std::chrono::milliseconds reconnectDelay(const ReconnectPolicy& policy, int failures,
                                         double jitter) {
  const int doublings = std::clamp(failures - 1, 0, 30);
  const double full = std::min(static_cast<double>(policy.first.count()) * double(1LL << doublings),
                               static_cast<double>(policy.max.count()));
  const double j = std::clamp(jitter, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(full * (1.0 - 0.5 * j)));
}

}  // namespace enp
