#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace enp {

/// A monotonically increasing count. Lock-free; safe from any thread.
class Counter {
 public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

/// Named counters and gauges, rendered in the Prometheus text format.
/// A series name may carry labels: `enp_notify_rejected_total{reason="too_large"}`.
/// Thread safety: all members are safe from any thread; returned references live as long as
/// the registry.
class Metrics {
 public:
  /// The counter for a series, created at zero on first use.
  Counter& counter(const std::string& series, const std::string& help = "");

  /// A gauge read when rendering (e.g. queue depth from the store).
  void gauge(const std::string& series, const std::string& help, std::function<double()> read);

  /// A counter kept elsewhere (e.g. by a library), read when rendering; `read` never decreases.
  void counterReading(const std::string& series, const std::string& help,
                      std::function<double()> read);

  /// `value` escaped for a label value (backslash, double quote, newline).
  static std::string labelValue(const std::string& value);

  /// Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  struct Family {
    std::string help;
    std::string type;
  };
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Counter>> counters_;  // GUARDED_BY(mutex_)
  std::map<std::string, std::function<double()>> readings_;   // GUARDED_BY(mutex_)
  std::map<std::string, Family> families_;                    // GUARDED_BY(mutex_)
};

}  // namespace enp
