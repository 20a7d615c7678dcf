#include "enp/admin/auth/authenticator.h"

#include <Poco/Net/NameValueCollection.h>

#include "enp/common/log.h"
#include "enp/common/secrets.h"
#include "enp/http/http_util.h"

namespace enp::admin {

Result<Caller> Authenticator::identify(const Poco::Net::HTTPServerRequest& req) {
  const Status unknown = Status::notFound("no valid session or API token");
  std::string bearer = http::bearerToken(req);
  if (!bearer.empty()) {
    Result<ApiToken> token = tokens_.findActiveByHash(sha256Hex(bearer));
    if (!token.ok()) {
      return token.error().code() == StatusCode::kNotFound ? unknown : token.error();
    }
    const int64_t now = clock_.nowMs();
    if (token->expiresAt && now >= *token->expiresAt) {
      return Status::invalid("this API token expired (create a new one)");
    }
    if (!token->lastUsedAt || now - *token->lastUsedAt >= 60000) {
      if (Status touched = tokens_.touch(token->id, now); !touched.ok()) {
        log::get(log::Id::kAdmin).warn("{}", touched.message());
      }
    }
    Caller c;
    c.actor = "token:" + token->label;
    c.viaToken = true;
    c.role = token->role;
    return c;
  }
  Poco::Net::NameValueCollection cookies;
  req.getCookies(cookies);
  std::string id = cookies.get(kSessionCookie, "");
  if (id.empty()) {
    return unknown;
  }
  auto session = sessions_.touch(id);
  if (!session) {
    return unknown;
  }
  const Result<AdminUser> user = users_.find(session->user);
  if (!user.ok() && user.error().code() != StatusCode::kNotFound) {
    return user.error();
  }
  if (!user.ok() || user->disabled) {
    sessions_.removeUser(session->user);
    return unknown;
  }
  Caller c;
  c.actor = session->user;
  c.user = session->user;
  c.sessionId = session->id;
  c.csrfToken = session->csrfToken;
  c.mustChangePassword = session->mustChangePassword;
  c.role = user->role;
  return c;
}

bool Authenticator::csrfMatches(const Poco::Net::HTTPServerRequest& req, const Caller& caller) {
  std::string presented = req.get(kCsrfHeader, "");
  return !presented.empty() && !caller.csrfToken.empty() &&
         constantTimeEquals(presented, caller.csrfToken);
}

}  // namespace enp::admin
