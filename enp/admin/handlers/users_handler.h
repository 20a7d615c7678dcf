#pragma once

#include "enp/admin/admin_call.h"
#include "enp/admin/auth/session_manager.h"
#include "enp/store/admin_user_store.h"

namespace enp::admin {

/// Console users and their roles (admin role only):
///   GET    /api/v1/admin/users                 -> [user]
///   POST   /api/v1/admin/users                 {name, role, password} -> 201 user; the user
///                                              changes the password at the first login; 409
///                                              the name is taken
///   PUT    /api/v1/admin/users/{name}          {role?, disabled?} -> 200 user
///   DELETE /api/v1/admin/users/{name}          -> 204
///   POST   /api/v1/admin/users/{name}/password {password} -> 204: a new password, to be
///                                              changed at the next login
///   DELETE /api/v1/admin/users/{name}/totp     -> 204: the second factor removed (a lost phone)
/// user = {name, role (admin|operator|helpdesk), disabled, totpEnabled, mustChangePassword,
/// createdAt, updatedAt}. Refused with 409: anything that would leave no enabled admin, and a
/// caller's changes to their own role, their disabling or removal. A change of role, disabling,
/// removal and a new password end the user's sessions. Each change is audited (user.*).
class UsersHandler {
 public:
  struct Deps {
    AdminUserStore& users;
    SessionManager& sessions;
  };
  explicit UsersHandler(Deps deps) : deps_(deps) {}

  void addRoutes(RouteTable* routes);

 private:
  void list(AdminCall& call);
  void create(AdminCall& call);
  void update(AdminCall& call);
  void remove(AdminCall& call);
  void resetPassword(AdminCall& call);
  void resetTotp(AdminCall& call);
  /// Answers with the stored user (200) or the failure to read it.
  void sendUser(AdminCall& call, const std::string& name, int status);

  Deps deps_;
};

}  // namespace enp::admin
