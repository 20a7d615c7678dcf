#pragma once

// A closed-loop HTTP load generator for Exchange's push callback: `connections` keep-alive
// connections, each sending the next SendNotification as soon as the previous one is answered.
// One thread drives every connection through one libcurl multi handle on epoll (its
// multi_socket API), so the client costs as little CPU as possible on the machine it shares
// with the server under test.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace bench {

struct LoadOptions {
  std::string url;  ///< http://127.0.0.1:PORT/...; anything but a loopback host is refused.
  /// When set, request n goes to urls[n % urls.size()] (one callback URL per mailbox) and url
  /// is not used.
  std::vector<std::string> urls;
  int connections = 64;
  /// Stop issuing after this long (0 = no time limit)...
  std::chrono::milliseconds duration{0};
  /// ...or after this many requests (0 = no count limit). At least one limit must be set.
  uint64_t maxRequests = 0;
  /// Answers completed before this point are not counted (the server warms up).
  std::chrono::milliseconds warmup{0};
  /// Item ids are fakes::makeItemId(idBase + n): unique per request, so nothing is a duplicate.
  uint64_t idBase = 1;
};

struct LoadResult {
  uint64_t ok = 0;      ///< HTTP 200 with SubscriptionStatus OK, inside the measured window.
  uint64_t errors = 0;  ///< Anything else (transport errors included), whole run.
  uint64_t sent = 0;    ///< Requests issued, whole run.
  double seconds = 0;   ///< Measured window.
  double perSecond = 0;
  double p50Ms = 0, p99Ms = 0, maxMs = 0;         ///< Latency of the counted answers.
  size_t bodyBytes = 0;                           ///< Size of the first request body.
  std::chrono::steady_clock::time_point firstOk;  ///< First successful answer of the run.
  std::string firstError;
};

/// True for http://127.0.0.1, http://localhost and http://[::1] URLs.
bool isLoopbackUrl(const std::string& url);

/// Runs the load to completion (bounded by the limits in options). Throws std::runtime_error
/// for bad options or when libcurl cannot be set up.
LoadResult runLoad(const LoadOptions& options);

/// "ok=... errors=... rps=... p50_ms=... p99_ms=..." on one line, for scripts.
std::string summaryLine(const LoadResult& r);

}  // namespace bench
