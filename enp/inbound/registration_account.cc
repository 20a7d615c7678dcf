#include "enp/inbound/registration_account.h"

#include <Poco/String.h>

#include "enp/common/log_text.h"
#include "enp/source/imap/mailbox_error.h"

namespace enp {
namespace {

AccountRefusal refusal(int status, std::string result, std::string message) {
  return AccountRefusal{status, std::move(result), std::move(message)};
}

// The words of a mailboxError() without its kind ("auth failed: ").
std::string wordsOf(const Status& s) {
  const std::string& m = s.message();
  const std::string kind = imap::toString(imap::mailboxErrorKind(s));
  if (m.rfind(kind + ": ", 0) == 0) {
    return m.substr(kind.size() + 2);
  }
  return m;
}

}  // namespace

bool LoginCheckGate::tryEnter() {
  int free = free_.load();
  while (free > 0) {
    if (free_.compare_exchange_weak(free, free - 1)) {
      return true;
    }
  }
  return false;
}

std::variant<const MailServer*, AccountRefusal> accountServer(const Settings& settings,
                                                              const AccountBody& account,
                                                              const std::string& mailbox) {
  const MailServer* server = settings.mailServer(account.server);
  if (server == nullptr) {
    return refusal(400, "invalid",
                   "account.server: no mail server '" + forLog(account.server, 64) +
                       "' is configured (ENP connects only to the mailServers of its settings)");
  }
  if (!server->serves(mailbox)) {
    return refusal(400, "invalid",
                   "account.server: '" + server->name + "' does not serve " +
                       mailbox.substr(mailbox.rfind('@') + 1));
  }
  if (server->type == MailServer::Type::kPop3 && Poco::icompare(account.folder, "INBOX") != 0) {
    return refusal(400, "invalid",
                   "account.folder: a POP3 server has one mailbox only: leave folder out or "
                   "use INBOX");
  }
  return server;
}

std::optional<AccountRefusal> verifyAccount(const MailLoginCheck& check, LoginCheckGate& gate,
                                            const MailServer& server, const AccountBody& account) {
  if (!gate.tryEnter()) {
    return refusal(503, "busy",
                   "account: ENP is checking " + std::to_string(gate.max()) +
                       " other accounts at the moment; try again in a minute");
  }
  const Status s =
      check(server, imap::MailLogin{account.username, account.password, account.folder});
  gate.leave();
  if (s.ok()) {
    return std::nullopt;
  }
  const std::string where =
      "'" + server.name + "' (" + server.host + ":" + std::to_string(server.port) + ")";
  switch (imap::mailboxErrorKind(s)) {
    case imap::MailboxErrorKind::kAuthFailed:
      return refusal(422, "auth_failed", "account.password: " + wordsOf(s));
    case imap::MailboxErrorKind::kNoFolder:
      return refusal(422, "no_folder", "account.folder: " + wordsOf(s));
    case imap::MailboxErrorKind::kUnavailable:
    case imap::MailboxErrorKind::kThrottled:
      return refusal(503, "mail_server_unavailable",
                     "account.server: the mail server " + where +
                         " cannot be reached now, try again later: " + wordsOf(s));
    case imap::MailboxErrorKind::kInsecure:
      return refusal(502, "mail_server_failed",
                     "account.server: no trusted TLS connection to the mail server " + where +
                         " (its settings need the administrator): " + wordsOf(s));
    case imap::MailboxErrorKind::kProtocol:
      break;
  }
  return refusal(
      502, "mail_server_failed",
      "account.server: the mail server " + where + " answered unexpectedly: " + wordsOf(s));
}

Poco::JSON::Object::Ptr accountToJson(const MailAccount& account) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("server", account.server);
  o->set("username", account.username);
  o->set("folder", account.folder);
  o->set("passwordChangedAt", account.passwordChangedAt);
  return o;
}

}  // namespace enp
