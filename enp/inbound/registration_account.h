#pragma once

#include <Poco/JSON/Object.h>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "enp/common/status.h"
#include "enp/config/settings.h"
#include "enp/inbound/registration_body.h"
#include "enp/source/imap/mail_login.h"
#include "enp/store/mail_account_store.h"

namespace enp {

/// Logs in with an account on a configured server (imap::checkMailLogin() in the daemon); a
/// failure carries a MailboxErrorKind. Blocks: it runs on the request's handler thread.
using MailLoginCheck = std::function<Status(const MailServer&, const imap::MailLogin&)>;

/// Bounds the login checks running at once: each holds a handler thread of the public listener
/// (which Exchange's callbacks share) for up to a few timeouts. Thread-safe.
class LoginCheckGate {
 public:
  explicit LoginCheckGate(int maxAtOnce) : max_(maxAtOnce), free_(maxAtOnce) {}
  /// Takes a place; false when all are taken.
  bool tryEnter();
  void leave() { free_.fetch_add(1); }
  int max() const { return max_; }

 private:
  const int max_;
  std::atomic<int> free_;
};

/// How the registration API refuses an account.
struct AccountRefusal {
  int status = 400;
  std::string result;   ///< The metric label: "invalid", "auth_failed", ...
  std::string message;  ///< "<field>: plain words", never the password.
};

/// The configured server the account names, when it may be used for `mailbox`: 400
/// "account.server: ..." when no mailServers[] entry has that name or it does not serve the
/// mailbox's domain, "account.folder: ..." for another folder than INBOX on a POP3 server.
/// ENP connects only to configured servers: this is the only way from a body to a host.
std::variant<const MailServer*, AccountRefusal> accountServer(const Settings& settings,
                                                              const AccountBody& account,
                                                              const std::string& mailbox);

/// Checks the login, when `gate` has a place (else 503 "account: ..." at once); nullopt when it
/// worked. A refused user name or password is 422 "account.password: <the server's answer>", a
/// missing folder 422 "account.folder: ...", an unreachable or throttling server 503
/// "account.server: ...", a TLS or protocol failure 502.
std::optional<AccountRefusal> verifyAccount(const MailLoginCheck& check, LoginCheckGate& gate,
                                            const MailServer& server, const AccountBody& account);

/// {server, username, folder, passwordChangedAt}: never the password.
Poco::JSON::Object::Ptr accountToJson(const MailAccount& account);

}  // namespace enp
