#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "enp/common/clock.h"

namespace enp::admin {

struct LoginLimits {
  int maxFailuresPerUser = 5;  ///< Consecutive failures that lock a user name.
  int maxFailuresPerIp = 20;   ///< Consecutive failures that lock a client address (password
                               ///< spraying across user names).
  int64_t lockMs = 15 * 60 * 1000;
};

/// Login rate limiting: after `maxFailuresPerUser` consecutive failed logins for a user name
/// (or `maxFailuresPerIp` from one address), further attempts are refused for `lockMs`, even
/// with the right password. A success resets the user's and the address's count.
/// Thread-safe.
class LoginLimiter {
 public:
  LoginLimiter(const Clock& clock, LoginLimits limits = {}) : clock_(clock), limits_(limits) {}

  /// Milliseconds until the user or the address may try again; 0 = may try now.
  int64_t lockedForMs(const std::string& user, const std::string& ip);
  /// Counts a failure; returns true when it locked the user or the address.
  bool failure(const std::string& user, const std::string& ip);
  void success(const std::string& user, const std::string& ip);

 private:
  struct Entry {
    int failures = 0;
    int64_t lockedUntil = 0;
  };
  int64_t remainingLocked(const std::string& key, int64_t now);
  bool countFailure(const std::string& key, int max, int64_t now);

  const Clock& clock_;
  const LoginLimits limits_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // GUARDED_BY(mutex_); keys "u:<name>", "ip:<addr>"
};

}  // namespace enp::admin
