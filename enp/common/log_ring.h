#pragma once

#include <spdlog/sinks/base_sink.h>

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace enp::log {

/// One log line as the console shows it.
struct LogEntry {
  int64_t atMs = 0;
  std::string level;   ///< trace|debug|info|warning|error|critical
  std::string logger;  ///< http, ews, pipeline, ...
  std::string message;
};

/// An spdlog sink keeping the last `capacity` entries in memory, for GET /api/v1/admin/logs.
/// It holds what the loggers emit, so it is as free of secrets as the log itself.
/// Thread-safe (spdlog's base_sink locks around sink_it_; entries() takes the same mutex).
class RingSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit RingSink(size_t capacity) : capacity_(capacity) {}

  /// Newest first: at most `limit` entries at or above `minLevel` ("" = all) from `logger`
  /// ("" = all).
  std::vector<LogEntry> entries(const std::string& minLevel, const std::string& logger,
                                size_t limit);

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  const size_t capacity_;
  std::deque<LogEntry> entries_;  // GUARDED_BY(mutex_)
};

}  // namespace enp::log
