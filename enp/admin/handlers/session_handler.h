#pragma once

#include <string>

#include "enp/admin/admin_call.h"
#include "enp/admin/auth/login_limiter.h"
#include "enp/admin/auth/second_factor.h"
#include "enp/admin/auth/session_manager.h"
#include "enp/store/admin_user_store.h"

namespace enp::admin {

/// Login, logout, the current session and password changes:
///   POST /api/v1/admin/login     public   {user, password, code?} -> 200 {user, csrfToken,
///                                mustChangePassword, role, totpEnabled} + Set-Cookie
///                                enp_session (HttpOnly, Secure, SameSite=Strict); 401 wrong;
///                                401 {error, totpRequired: true} when the user has a second
///                                factor and the code is missing, wrong or used already; 403 a
///                                disabled user; 429 locked (Retry-After)
///   POST /api/v1/admin/logout    session  -> 204, cookie cleared
///   GET  /api/v1/admin/session   session  -> as the login's answer
///   POST /api/v1/admin/password  session  {currentPassword, newPassword} -> 204; ends the
///                                user's other sessions; clears mustChangePassword
class SessionHandler {
 public:
  struct Deps {
    AdminUserStore& users;
    SessionManager& sessions;
    LoginLimiter& limiter;
    SecondFactor& secondFactor;
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
