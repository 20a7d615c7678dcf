#include "enp/admin/auth/password_confirm.h"

#include "enp/admin/auth/password.h"
#include "enp/common/log.h"
#include "enp/common/log_text.h"

namespace enp::admin {

bool passwordRepeated(AdminCall& call, AdminUserStore& users, LoginLimiter& limiter,
                      const std::string& password, const ConfirmPurpose& purpose) {
  if (call.caller().viaToken) {
    return true;
  }
  const std::string& user = call.caller().user;
  const std::string ip = call.clientIp();
  if (const int64_t locked = limiter.lockedForMs(user, ip); locked > 0) {
    call.response().set("Retry-After", std::to_string((locked + 999) / 1000));
    call.sendError(429, "password: too many wrong passwords: try again in " +
                            std::to_string((locked + 59999) / 60000) + " minute(s)");
    return false;
  }
  if (password.empty()) {  // Not a guess: neither counted nor audited.
    call.sendError(403, "password: repeat your password to " + purpose.action);
    return false;
  }
  const Result<AdminUser> stored = users.find(user);
  if (!stored.ok() && stored.error().code() != StatusCode::kNotFound) {
    call.sendInternalError(stored.error());
    return false;
  }
  if (stored.ok() && verifyPassword(password, stored->passwordHash)) {
    limiter.success(user, ip);
    return true;
  }
  const bool nowLocked = limiter.failure(user, ip);
  Poco::JSON::Object details;
  details.set("withSecrets", true);
  details.set("ip", ip);
  details.set("locked", nowLocked);
  if (!call.audit(purpose.audit + (nowLocked ? ".locked" : ".failed"), purpose.target, details)) {
    return false;
  }
  log::get(log::Id::kAdmin)
      .warn("wrong password to {} by '{}' from {}{}", purpose.action, forLog(user), ip,
            nowLocked ? " (" + purpose.refused + " now refused for a while)" : "");
  std::string message = "password: the password is wrong";
  if (nowLocked) {
    message += "; " + purpose.refused + " are refused for " +
               std::to_string((limiter.lockedForMs(user, ip) + 59999) / 60000) + " minute(s)";
  }
  call.sendError(403, message);
  return false;
}

}  // namespace enp::admin
