#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "enp/common/clock.h"
#include "enp/store/admin_role.h"
#include "enp/store/admin_session_store.h"

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

/// Console sessions, kept in the database (AdminSessionStore: only the SHA-256 of the cookie),
/// so that a login, a logout and the end of a user's sessions count on every node sharing it at
/// once, and a restart logs nobody out. A database that cannot be read logs out (and says so in
/// the log). Thread-safe.
class SessionManager {
 public:
  SessionManager(const Clock& clock, AdminSessionStore& store, SessionOptions options = {})
      : clock_(clock), store_(store), options_(options) {}

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
  const Clock& clock_;
  AdminSessionStore& store_;
  const SessionOptions options_;
};

}  // namespace enp::admin
