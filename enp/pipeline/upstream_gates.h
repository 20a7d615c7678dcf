#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "enp/common/metrics.h"
#include "enp/decide/upstream_breaker.h"

namespace enp {

/// The breakers of every upstream (an Exchange server, CNS), shared by the workers: when one
/// fails for everyone, its mail is held and one request probes it (upstream_breaker.h).
/// Thread-safe.
class UpstreamGates {
 public:
  explicit UpstreamGates(Metrics& metrics, BreakerOptions options = {})
      : metrics_(metrics), options_(options) {}

  UpstreamBreaker::Gate admit(const std::string& upstream, int64_t nowMs);
  void onSuccess(const std::string& upstream, int64_t nowMs);
  void onFailure(const std::string& upstream, int64_t nowMs);

  /// Upstreams whose mail is held now (open or half-open), for the dashboard and /metrics.
  std::vector<std::string> held() const;

 private:
  struct Entry {
    explicit Entry(BreakerOptions options) : breaker(options) {}
    UpstreamBreaker breaker;
    /// Mirrors "not closed" for the /metrics gauge, which must not take mutex_ (Metrics calls
    /// gauges under its own lock, and this class registers them).
    std::shared_ptr<std::atomic<bool>> held = std::make_shared<std::atomic<bool>>(false);
  };
  /// The upstream's entry; registers its gauge on first use (outside mutex_).
  Entry& entry(const std::string& upstream, std::unique_lock<std::mutex>& lock);
  void settle(const std::string& upstream, Entry& e, UpstreamBreaker::State before);

  Metrics& metrics_;
  const BreakerOptions options_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> breakers_;  // GUARDED_BY(mutex_); entries are never removed
};

}  // namespace enp
