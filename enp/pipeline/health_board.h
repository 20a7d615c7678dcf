#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace enp {

/// Last success and last error of one upstream (an Exchange server, a Graph tenant, or CNS).
struct UpstreamHealth {
  int64_t lastSuccessAt = 0;  ///< ms; 0 = never
  int64_t lastErrorAt = 0;    ///< ms; 0 = never
  std::string lastError;      ///< No secrets, no mail content.
};

/// A recent error with what an administrator can do about it. The same error from the same
/// source is one entry however often it repeats (a retry is not a new problem).
struct RecentError {
  int64_t at = 0;      ///< The latest time it happened.
  std::string source;  ///< "exchange:<name>", "cns", "config"
  std::string message;
  std::string advice;
  int64_t firstAt = 0;     ///< The first time it happened.
  uint32_t count = 1;      ///< How often it happened since firstAt.
  int64_t resolvedAt = 0;  ///< When its source next succeeded (0 = not since).
};

/// Outcomes counted per minute for the dashboard chart.
enum class Outcome { kDelivered, kSuppressed, kFailed };

/// One minute of the chart.
struct MinuteCounts {
  int64_t minute = 0;  ///< Start of the minute, ms since the epoch.
  uint32_t delivered = 0;
  uint32_t suppressed = 0;
  uint32_t failed = 0;  ///< dropped, expired, dead-lettered, or an attempt that will be retried
};

/// In-memory status for the console dashboard, written by the pipeline's workers and read by
/// the admin API. Nothing here is persisted: it restarts empty with the daemon.
/// Thread-safe: every member may be called from any thread.
class HealthBoard {
 public:
  static constexpr int kMinutesKept = 24 * 60;
  static constexpr size_t kErrorsKept = 50;

  /// An upstream by its key ("exchange:<name>", "graph:<tenant>", "cns"); other keys count as
  /// otherError().
  void upstreamSuccess(const std::string& upstream, int64_t nowMs);
  void upstreamError(const std::string& upstream, const std::string& error,
                     const std::string& advice, int64_t nowMs);

  void exchangeSuccess(const std::string& server, int64_t nowMs);
  void exchangeError(const std::string& server, const std::string& error, const std::string& advice,
                     int64_t nowMs);
  void cnsSuccess(int64_t nowMs);
  void cnsError(const std::string& error, const std::string& advice, int64_t nowMs);
  /// The result of an administrator's test of the saved settings: it is what the health of
  /// that upstream now is, as if traffic had found it.
  void testResult(const std::string& upstream, bool ok, const std::string& error,
                  const std::string& advice, int64_t nowMs);
  /// An error that is not one upstream's (e.g. configuration).
  void otherError(const std::string& source, const std::string& error, const std::string& advice,
                  int64_t nowMs);
  void count(Outcome outcome, int64_t nowMs);

  std::map<std::string, UpstreamHealth> exchange() const;
  /// Graph tenants by name (messages read).
  std::map<std::string, UpstreamHealth> graph() const;
  UpstreamHealth cns() const;
  /// Newest first.
  std::vector<RecentError> recentErrors(size_t limit) const;
  /// One entry per minute from (now - minutes) to now, oldest first, zeros included.
  std::vector<MinuteCounts> perMinute(int minutes, int64_t nowMs) const;

 private:
  void addError(RecentError e);                          // REQUIRES(mutex_)
  void resolve(std::string_view source, int64_t nowMs);  // REQUIRES(mutex_)

  mutable std::mutex mutex_;
  std::map<std::string, UpstreamHealth> exchange_;    // GUARDED_BY(mutex_)
  std::map<std::string, UpstreamHealth> graph_;       // GUARDED_BY(mutex_)
  UpstreamHealth cns_;                                // GUARDED_BY(mutex_)
  std::deque<RecentError> errors_;                    // GUARDED_BY(mutex_)
  std::array<MinuteCounts, kMinutesKept> minutes_{};  // GUARDED_BY(mutex_): slot = minute % size
};

}  // namespace enp
