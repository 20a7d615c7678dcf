#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "enp/common/clock.h"
#include "enp/store/admin_role.h"

namespace enp::admin {

/// A console login.
struct Session {
  std::string id;         ///< The cookie value: 256 random bits, base64url.
  std::string csrfToken;  ///< Sent back in X-CSRF-Token on every change.
  std::string user;
  bool mustChangePassword = false;
  AdminRole role = AdminRole::kHelpdesk;  ///< As at login; a change of role ends the sessions.
  int64_t createdAt = 0;
  int64_t lastUsedAt = 0;
};

struct SessionOptions {
  int64_t idleTimeoutMs = 30 * 60 * 1000;           ///< Unused this long: logged out.
  int64_t absoluteTimeoutMs = 12 * 60 * 60 * 1000;  ///< Logged out this long after login.
};

/// Console sessions, in memory (a restart logs everyone out). Thread-safe.
class SessionManager {
 public:
  SessionManager(const Clock& clock, SessionOptions options = {})
      : clock_(clock), options_(options) {}

  Session create(const std::string& user, AdminRole role, bool mustChangePassword);
  /// The live session with this id, its idle timer restarted; nullopt when unknown or expired.
  std::optional<Session> touch(const std::string& id);
  void remove(const std::string& id);
  /// Ends every session of `user` except `keepId` (after a password change, a change of role,
  /// disabling or removing the user).
  void removeUser(const std::string& user, const std::string& keepId = "");
  void clearMustChange(const std::string& id);
  size_t sizeForTest();

 private:
  void expireLocked(int64_t now);

  const Clock& clock_;
  const SessionOptions options_;
  std::mutex mutex_;
  std::map<std::string, Session> sessions_;  // GUARDED_BY(mutex_)
};

}  // namespace enp::admin
