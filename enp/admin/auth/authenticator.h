#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <optional>

#include "enp/admin/admin_call.h"
#include "enp/admin/auth/session_manager.h"
#include "enp/common/clock.h"
#include "enp/store/admin_user_store.h"
#include "enp/store/api_token_store.h"

namespace enp::admin {

inline constexpr const char* kSessionCookie = "enp_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

/// Identifies the caller of an admin request: the `enp_session` cookie (a console session) or
/// `Authorization: Bearer <API token>`. A bearer token wins when both are present. API tokens'
/// "last used" is updated at most once a minute (a failure to record it is logged, not fatal).
/// A session's user is read on every request, so a change made elsewhere (another admin, `enp
/// users`) applies at once: the stored role counts, and a user removed or disabled since the
/// login has no session any more. Thread-safe.
class Authenticator {
 public:
  Authenticator(SessionManager& sessions, ApiTokenStore& tokens, AdminUserStore& users,
                const Clock& clock)
      : sessions_(sessions), tokens_(tokens), users_(users), clock_(clock) {}

  /// The caller; kNotFound when the request has no valid session or API token, kInvalid (with
  /// the reason) for an expired API token, kStore when the API tokens or users cannot be read.
  Result<Caller> identify(const Poco::Net::HTTPServerRequest& req);

  /// True when the request carries the session's CSRF token in X-CSRF-Token.
  static bool csrfMatches(const Poco::Net::HTTPServerRequest& req, const Caller& caller);

 private:
  SessionManager& sessions_;
  ApiTokenStore& tokens_;
  AdminUserStore& users_;
  const Clock& clock_;
};

}  // namespace enp::admin
