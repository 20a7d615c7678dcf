#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "enp/config/settings.h"
#include "enp/decide/failure.h"
#include "enp/http/async_io.h"

namespace enp {

/// One notification on its way out: the device, a stable id, and the "notification" claim
/// (payload.h: built once, with the privacy cap applied, whatever the sink).
struct Notification {
  std::string deviceToken;
  std::string jti;  ///< Unique per mail and device, stable across retries (jti.h).
  Poco::JSON::Object::Ptr claim;
};

/// One way out (DESIGN §6.7): CNS today; APNs or FCM later. A sink signs and sends; the
/// payload, privacy cap, retries and records are shared. One instance per worker thread (it
/// holds that worker's connection), so it is used by one thread at a time.
class Sink {
 public:
  virtual ~Sink() = default;

  /// Brings the sink up to date with `settings` (cheap when they are the ones it has). A
  /// kNotConfigured Failure naming the field when the settings leave it unusable.
  virtual std::optional<Failure> configure(const std::shared_ptr<const Settings>& settings) = 0;

  /// The upstream's name ("cns"): the key of its breaker and of its line on the dashboard.
  virtual std::string upstream() const = 0;

  /// Sends one notification; nullopt when the upstream accepted it. Blocking; never throws.
  virtual std::optional<Failure> deliver(const Notification& notification,
                                         std::chrono::system_clock::time_point now) = 0;
  /// deliver() without a thread waiting for the answer (the request goes out on io.http). The
  /// default runs deliver() on io.blocking.
  virtual boost::asio::awaitable<std::optional<Failure>> deliverAsync(
      const Notification& notification, std::chrono::system_clock::time_point now, AsyncIo& io) {
    co_return co_await offload(io.blocking, [&] { return deliver(notification, now); });
  }
};
using SinkPtr = std::unique_ptr<Sink>;

}  // namespace enp
