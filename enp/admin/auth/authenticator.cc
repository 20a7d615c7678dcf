#include "enp/admin/auth/authenticator.h"

#include <Poco/Net/NameValueCollection.h>

#include "enp/common/secrets.h"
#include "enp/http/http_util.h"

namespace enp::admin {

std::optional<Caller> Authenticator::identify(const Poco::Net::HTTPServerRequest& req) {
  std::string bearer = http::bearerToken(req);
  if (!bearer.empty()) {
    auto token = tokens_.findActiveByHash(sha256Hex(bearer));
    if (!token) {
      return std::nullopt;
    }
    int64_t now = clock_.nowMs();
    if (!token->lastUsedAt || now - *token->lastUsedAt >= 60000) {
      tokens_.touch(token->id, now);
    }
    Caller c;
    c.actor = "token:" + token->label;
    c.viaToken = true;
    return c;
  }
  Poco::Net::NameValueCollection cookies;
  req.getCookies(cookies);
  std::string id = cookies.get(kSessionCookie, "");
  if (id.empty()) {
    return std::nullopt;
  }
  auto session = sessions_.touch(id);
  if (!session) {
    return std::nullopt;
  }
  Caller c;
  c.actor = session->user;
  c.user = session->user;
  c.sessionId = session->id;
  c.csrfToken = session->csrfToken;
  c.mustChangePassword = session->mustChangePassword;
  return c;
}

bool Authenticator::csrfMatches(const Poco::Net::HTTPServerRequest& req, const Caller& caller) {
  std::string presented = req.get(kCsrfHeader, "");
  return !presented.empty() && !caller.csrfToken.empty() &&
         constantTimeEquals(presented, caller.csrfToken);
}

}  // namespace enp::admin
