#include "enp/admin/auth/login_limiter.h"

#include <algorithm>

namespace enp::admin {

int64_t LoginLimiter::remainingLocked(const std::string& key, int64_t now) {
  auto it = entries_.find(key);
  return it == entries_.end() ? 0 : std::max<int64_t>(0, it->second.lockedUntil - now);
}

int64_t LoginLimiter::lockedForMs(const std::string& user, const std::string& ip) {
  int64_t now = clock_.nowMs();
  std::lock_guard<std::mutex> lock(mutex_);
  return std::max(remainingLocked("u:" + user, now), remainingLocked("ip:" + ip, now));
}

bool LoginLimiter::countFailure(const std::string& key, int max, int64_t now) {
  Entry& e = entries_[key];
  if (e.lockedUntil != 0 && e.lockedUntil <= now) {
    e = Entry{};  // the lock ran out: a fresh count
  }
  if (++e.failures >= max && e.lockedUntil <= now) {
    e.lockedUntil = now + limits_.lockMs;
    return true;
  }
  return false;
}

bool LoginLimiter::failure(const std::string& user, const std::string& ip) {
  int64_t now = clock_.nowMs();
  std::lock_guard<std::mutex> lock(mutex_);
  bool userLocked = countFailure("u:" + user, limits_.maxFailuresPerUser, now);
  bool ipLocked = countFailure("ip:" + ip, limits_.maxFailuresPerIp, now);
  // Bounded memory: forget old entries that hold no lock once the map grows large.
  if (entries_.size() > 10000) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = it->second.lockedUntil <= now ? entries_.erase(it) : std::next(it);
    }
  }
  return userLocked || ipLocked;
}

void LoginLimiter::success(const std::string& user, const std::string& ip) {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.erase("u:" + user);
  entries_.erase("ip:" + ip);
}

}  // namespace enp::admin
