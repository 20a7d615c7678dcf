#pragma once

// The admin API against a running daemon: a client that keeps the session cookie and CSRF
// token, and a fixture (the pipeline fixture: fake Exchange, fake CNS, settings imported, one
// mailbox registered) that logs in with the generated first-start password.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <utility>
#include <vector>

#include "pipeline_fixture.h"

namespace itest {

inline constexpr const char* kAdminPassword = "correct-horse-battery-staple";

/// A console user's browser, or an automation script with an API token.
class AdminClient {
 public:
  explicit AdminClient(std::string base) : base_(std::move(base)) {}
  /// The same browser session (cookie and CSRF token) against another node at `base`.
  AdminClient(std::string base, const AdminClient& sessionOf)
      : base_(std::move(base)), cookie_(sessionOf.cookie_), csrf_(sessionOf.csrf_) {}

  /// POST /login (with the one-time code when given); keeps the cookie and CSRF token on
  /// success.
  HttpResult login(const std::string& user, const std::string& password,
                   const std::string& code = "");
  /// A request to base + path with the session cookie, the CSRF token (unless withCsrf is
  /// false) and the API token when one is set.
  HttpResult call(const std::string& method, const std::string& path, const std::string& body = "",
                  bool withCsrf = true);

  void setApiToken(const std::string& token) { apiToken_ = token; }
  void forgetSession() { cookie_.clear(), csrf_.clear(); }
  const std::string& csrf() const { return csrf_; }
  const std::string& cookie() const { return cookie_; }

 private:
  std::string base_;
  std::string cookie_;  ///< "enp_session=..."
  std::string csrf_;
  std::string apiToken_;
};

/// Logs `client` in as the first admin with the first-start password from `dataDir`
/// (initial-admin-password) and makes the forced change to kAdminPassword; that password, or ""
/// (with a test failure) when it cannot.
std::string loginAsFirstAdmin(AdminClient& client, const std::string& dataDir);

Poco::JSON::Object::Ptr parseObject(const std::string& text);
Poco::JSON::Array::Ptr parseArray(const std::string& text);

class AdminTest : public PipelineTest {
 protected:
  void SetUp() override;

  /// The first-start password from <data_dir>/initial-admin-password ("" once removed).
  std::string readInitialPassword();
  /// The newest audit entries (via the API), newest first.
  Poco::JSON::Array::Ptr audit(const std::string& actionPrefix = "");
  /// True when an audit entry with this action (and target, when given) exists.
  bool audited(const std::string& action, const std::string& target = "");
  /// Fails when a response carries one of the secrets the fixture configured (or `more`).
  void expectNoSecrets(const HttpResult& r, const std::vector<std::string>& more = {});
  /// Creates the console user as admin with firstPassword and logs in as them, the forced change
  /// to ownPassword done.
  std::unique_ptr<AdminClient> userWithRole(const std::string& name, const std::string& role,
                                            const std::string& firstPassword,
                                            const std::string& ownPassword);

  /// Logged in as admin with kAdminPassword (the forced change done).
  std::unique_ptr<AdminClient> admin_;
  std::string initial_;  ///< The first-start password, read before it was changed.
};

}  // namespace itest
