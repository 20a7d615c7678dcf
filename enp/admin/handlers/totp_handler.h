#pragma once

#include "enp/admin/admin_call.h"
#include "enp/admin/auth/second_factor.h"
#include "enp/store/admin_user_store.h"

namespace enp::admin {

/// A console user's own second factor (TOTP, RFC 6238), any role, console session only:
///   POST /api/v1/admin/totp/enrol    {currentPassword} -> 200 {secret (base32), uri
///                                    (otpauth://...)}: shown this once; 409 when it is on
///                                    already (turn it off first)
///   POST /api/v1/admin/totp/confirm  {code} -> 204: on from now on (login asks for a code);
///                                    400 a code that is not the new secret's current one
///   POST /api/v1/admin/totp/disable  {currentPassword} -> 204: off
/// An admin can remove another user's second factor (DELETE /api/v1/admin/users/{name}/totp).
class TotpHandler {
 public:
  struct Deps {
    AdminUserStore& users;
    SecondFactor& secondFactor;
  };
  explicit TotpHandler(Deps deps) : deps_(deps) {}

  void addRoutes(RouteTable* routes);

 private:
  void enrol(AdminCall& call);
  void confirm(AdminCall& call);
  void disable(AdminCall& call);
  /// The caller's stored user when the body's currentPassword is theirs; otherwise answers
  /// (400 wrong password) and returns nullopt.
  std::optional<AdminUser> checkPassword(AdminCall& call);

  Deps deps_;
};

}  // namespace enp::admin
