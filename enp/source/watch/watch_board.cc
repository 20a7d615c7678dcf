#include "enp/source/watch/watch_board.h"

namespace enp {

const char* toString(WatchState state) {
  switch (state) {
    case WatchState::kConnecting:
      return "connecting";
    case WatchState::kIdle:
      return "idle";
    case WatchState::kPolling:
      return "polling";
    case WatchState::kRetrying:
      return "retrying";
    case WatchState::kAuthFailed:
      return "auth failed";
    case WatchState::kStopped:
      return "stopped";
  }
  return "unknown";
}

void WatchBoard::set(const std::string& registrationId, WatchState state, std::string detail,
                     int64_t nowMs, int64_t retryAtMs) {
  std::lock_guard lock(mutex_);
  WatchStatus& s = accounts_[registrationId];
  if (s.state != state || s.sinceMs == 0) {
    s.sinceMs = nowMs;
  }
  s.state = state;
  s.detail = std::move(detail);
  s.retryAtMs = retryAtMs;
}

void WatchBoard::mailQueued(const std::string& registrationId, int64_t nowMs) {
  std::lock_guard lock(mutex_);
  accounts_[registrationId].lastMailMs = nowMs;
}

void WatchBoard::forget(const std::string& registrationId) {
  std::lock_guard lock(mutex_);
  accounts_.erase(registrationId);
}

std::optional<WatchStatus> WatchBoard::find(const std::string& registrationId) const {
  std::lock_guard lock(mutex_);
  const auto it = accounts_.find(registrationId);
  if (it == accounts_.end()) {
    return std::nullopt;
  }
  return it->second;
}

size_t WatchBoard::count(WatchState state) const {
  std::lock_guard lock(mutex_);
  size_t n = 0;
  for (const auto& [id, s] : accounts_) {
    n += s.state == state ? 1 : 0;
  }
  return n;
}

}  // namespace enp
