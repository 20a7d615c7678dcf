#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace enp {

/// How ENP is connected to one registration's mailbox.
enum class WatchState {
  kConnecting,  ///< Connecting, logging in or examining the folder.
  kIdle,        ///< Connected, waiting in IDLE for new mail (pushed by the server).
  kPolling,     ///< Connected to a server without IDLE: asked at an interval.
  kRetrying,    ///< The connection failed or dropped; reconnecting after a back-off.
  kAuthFailed,  ///< The server refused the password: no retry until it changes (or long after).
  kStopped,     ///< Not watched (no configured server, or shutting down).
};
const char* toString(WatchState state);  ///< "connecting", "idle", "polling", "retrying", ...

/// One account's connection as the console shows it.
struct WatchStatus {
  WatchState state = WatchState::kConnecting;
  std::string detail;      ///< Plain words: the last failure, or "" (never a secret).
  int64_t sinceMs = 0;     ///< When the state began.
  int64_t retryAtMs = 0;   ///< kRetrying, kAuthFailed: when the next attempt is due.
  int64_t lastMailMs = 0;  ///< When new mail was last queued; 0 = not yet.
};

/// The connection state of every watched account, written by the watcher, read by the admin
/// API. Thread-safe.
class WatchBoard {
 public:
  void set(const std::string& registrationId, WatchState state, std::string detail, int64_t nowMs,
           int64_t retryAtMs = 0);
  void mailQueued(const std::string& registrationId, int64_t nowMs);
  void forget(const std::string& registrationId);
  std::optional<WatchStatus> find(const std::string& registrationId) const;
  /// How many accounts are in `state`.
  size_t count(WatchState state) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, WatchStatus> accounts_;  // GUARDED_BY(mutex_)
};

}  // namespace enp
