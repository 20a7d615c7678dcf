#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <optional>

#include "enp/admin/admin_call.h"
#include "enp/admin/auth/session_manager.h"
#include "enp/common/clock.h"
#include "enp/store/api_token_store.h"

namespace enp::admin {

inline constexpr const char* kSessionCookie = "enp_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

/// Identifies the caller of an admin request: the `enp_session` cookie (a console session) or
/// `Authorization: Bearer <API token>`. A bearer token wins when both are present. API tokens'
/// "last used" is updated at most once a minute (a failure to record it is logged, not fatal).
/// Thread-safe.
class Authenticator {
 public:
  Authenticator(SessionManager& sessions, ApiTokenStore& tokens, const Clock& clock)
      : sessions_(sessions), tokens_(tokens), clock_(clock) {}

  /// The caller; kNotFound when the request has no valid session or API token, kInvalid (with
  /// the reason) for an expired API token, kStore when the API tokens cannot be read.
  Result<Caller> identify(const Poco::Net::HTTPServerRequest& req);

  /// True when the request carries the session's CSRF token in X-CSRF-Token.
  static bool csrfMatches(const Poco::Net::HTTPServerRequest& req, const Caller& caller);

 private:
  SessionManager& sessions_;
  ApiTokenStore& tokens_;
  const Clock& clock_;
};

}  // namespace enp::admin
