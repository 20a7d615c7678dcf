#pragma once

#include <string>

#include "enp/admin/admin_call.h"
#include "enp/admin/auth/login_limiter.h"
#include "enp/admin/auth/session_manager.h"
#include "enp/store/admin_user_store.h"

namespace enp::admin {

/// Login, logout, the current session and password changes:
///   POST /api/v1/admin/login     public   {user, password} -> 200 {user, csrfToken,
///                                mustChangePassword} + Set-Cookie enp_session (HttpOnly, Secure,
///                                SameSite=Strict); 401 wrong; 429 locked (Retry-After)
///   POST /api/v1/admin/logout    session  -> 204, cookie cleared
///   GET  /api/v1/admin/session   session  -> {user, csrfToken, mustChangePassword}
///   POST /api/v1/admin/password  session  {currentPassword, newPassword} -> 204; ends the
///                                user's other sessions; clears mustChangePassword
class SessionHandler {
 public:
  struct Deps {
    AdminUserStore& users;
    SessionManager& sessions;
    LoginLimiter& limiter;
    std::string dataDir;  ///< Where the initial password file is removed once replaced.
  };
  explicit SessionHandler(Deps deps) : deps_(std::move(deps)) {}

  void addRoutes(RouteTable* routes);

 private:
  void login(AdminCall& call);
  void logout(AdminCall& call);
  void session(AdminCall& call);
  void changePassword(AdminCall& call);

  Deps deps_;
};

}  // namespace enp::admin
