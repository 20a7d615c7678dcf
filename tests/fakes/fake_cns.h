#pragma once

// FakeCns: the cloud notification service ENP pushes to (DESIGN §4.5). A real Poco HTTPServer on
// loopback accepting POST /v1/notifications with Authorization: Bearer <organisation token>,
// Content-Type: application/jwt and a compact JWS it verifies with raw OpenSSL
// (jwt_verifier.h). Records accepted and rejected pushes; scripted failures and latency.
//
// Thread safety: every public method may be called from any thread while the server runs.

#include <Poco/JSON/Object.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "jwt_verifier.h"
#include "loopback_server.h"

namespace fakes {

struct FakeCnsOptions {
  ListenOptions listen;                             ///< Default 127.0.0.1:0, 64 threads.
  std::string organizationToken = "cns-org-token";  ///< Expected Bearer token.
  JwtExpectations jwt;                              ///< Default HS256, key must be set.
  size_t maxBodyBytes = 64 * 1024;
  /// Pushes and rejections kept (oldest dropped; 0: none recorded); counters exact.
  size_t maxRecorded = 100000;
  /// Called with each accepted push's claims (JSON) after it is recorded, on the server's
  /// thread that received it (fake-cns --print-pushes).
  std::function<void(const std::string& claimsJson)> onAccepted;
};

/// One accepted push.
struct CnsPush {
  std::string raw;  ///< The compact JWS as received.
  std::string headerJson;
  std::string claimsJson;
  Poco::JSON::Object::Ptr header;
  Poco::JSON::Object::Ptr claims;

  std::string jti() const { return claims->getValue<std::string>("jti"); }
  std::string sub() const { return claims->getValue<std::string>("sub"); }
  Poco::JSON::Object::Ptr notification() const { return claims->getObject("notification"); }
};

/// One request answered with an error (verification, auth, media type; not scripted ones).
struct CnsRejection {
  int status = 0;
  std::string reason;
  std::string raw;
};

struct CnsScriptedAnswer {
  enum class Kind { kServiceUnavailable, kTooManyRequests, kUnauthorized, kBadRequest, kDelay };
  Kind kind = Kind::kServiceUnavailable;
  int retryAfterSeconds = 0;           ///< kTooManyRequests (and kServiceUnavailable when > 0).
  std::chrono::milliseconds delay{0};  ///< kDelay: then answer normally.

  static CnsScriptedAnswer serviceUnavailable(int retryAfterSeconds = 0);
  static CnsScriptedAnswer tooManyRequests(int retryAfterSeconds);
  static CnsScriptedAnswer unauthorized();
  static CnsScriptedAnswer badRequest();
  static CnsScriptedAnswer delayed(std::chrono::milliseconds delay);
};

struct CnsCounters {
  uint64_t requests = 0;
  uint64_t accepted = 0;
  uint64_t rejected = 0;
  uint64_t scripted = 0;
  uint64_t duplicates = 0;     ///< Accepted pushes whose jti was seen before.
  uint64_t maxConcurrent = 0;  ///< The most requests being answered at once (latency included).
};

class FakeCns {
 public:
  explicit FakeCns(FakeCnsOptions options);
  ~FakeCns();
  FakeCns(const FakeCns&) = delete;
  FakeCns& operator=(const FakeCns&) = delete;

  uint16_t port() const;
  /// "http://127.0.0.1:PORT/v1/notifications"
  std::string url() const;

  /// Queues a scripted answer `times` times, consumed in order by the next requests.
  void script(const CnsScriptedAnswer& answer, int times = 1);
  void clearScript();
  /// Added before every answer; waits without holding locks.
  void setLatency(std::chrono::milliseconds latency);

  std::vector<CnsPush> pushes() const;
  std::vector<CnsRejection> rejections() const;
  CnsCounters counters() const;
  /// Number of distinct jti values accepted.
  size_t distinctJtis() const;
  /// Blocks until at least n pushes were accepted in total; false on timeout.
  bool waitForPushes(size_t n, std::chrono::milliseconds timeout) const;

 private:
  class Handler;
  struct Answer {
    int status = 200;
    std::string body;
    int retryAfter = 0;
    bool challenge = false;
  };
  Answer handle(const std::string& path, const std::string& method,
                const std::string& authorization, const std::string& contentType,
                const std::string& body);
  Answer reject(int status, const std::string& error, const std::string& reason,
                const std::string& raw);

  // Constant after construction
  const FakeCnsOptions options_;

  StopSignal stop_;

  // State below is protected by mutex_
  mutable std::mutex mutex_;
  mutable std::condition_variable accepted_;
  std::deque<CnsScriptedAnswer> script_;
  std::chrono::milliseconds latency_{0};
  std::deque<CnsPush> pushes_;
  std::deque<CnsRejection> rejections_;
  std::set<std::string> jtis_;
  // The counts waitForPushes callers wait for: a push wakes them only when it reaches the
  // smallest, not on every push (a wake per push costs the benchmarks a context switch each).
  mutable std::multiset<size_t> awaited_;
  CnsCounters counters_;
  uint64_t concurrent_ = 0;  // requests being answered now

  std::unique_ptr<LoopbackServer> server_;  // Last: stopped first.
};

}  // namespace fakes
