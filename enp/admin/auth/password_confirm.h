#pragma once

#include <string>

#include "enp/admin/admin_call.h"
#include "enp/admin/auth/login_limiter.h"
#include "enp/store/admin_user_store.h"

namespace enp::admin {

/// What a repeated password unlocks, in the words of its answers and audit entries.
struct ConfirmPurpose {
  std::string action;   ///< "export secrets": "repeat your password to <action>"
  std::string refused;  ///< "exports with secrets": "<refused> are refused for N minute(s)"
  std::string audit;    ///< "settings.export": audited as <audit>.failed / <audit>.locked
  std::string target;   ///< The audit entries' target ("settings", "backup")
};

/// True when the caller may go on: an API token, or a session that repeated its password.
/// Otherwise answers 403 "password: ..." (a wrong one audited and counted in `limiter`), 429
/// with Retry-After once locked, or 500, and returns false.
bool passwordRepeated(AdminCall& call, AdminUserStore& users, LoginLimiter& limiter,
                      const std::string& password, const ConfirmPurpose& purpose);

}  // namespace enp::admin
