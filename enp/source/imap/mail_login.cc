#include "enp/source/imap/mail_login.h"

namespace enp::imap {
namespace {

Security security(const MailServer& server) {
  return server.security == MailServer::Security::kStartTls ? Security::kStartTls
                                                            : Security::kImplicitTls;
}

LoginMethod loginMethod(const MailServer& server) {
  return server.auth == MailServer::Auth::kLogin ? LoginMethod::kCommand : LoginMethod::kSaslPlain;
}

}  // namespace

ImapAccount imapAccount(const MailServer& server, const MailLogin& login,
                        std::chrono::seconds timeout) {
  ImapAccount a;
  a.host = server.host;
  a.port = static_cast<uint16_t>(server.port);
  a.security = security(server);
  a.login = loginMethod(server);
  a.user = login.username;
  a.password = login.password;
  a.folder = login.folder.empty() ? "INBOX" : login.folder;
  a.pathPrefix = server.pathPrefix;
  a.caFile = server.caFile;
  a.timeout = timeout;
  return a;
}

Pop3Account pop3Account(const MailServer& server, const MailLogin& login,
                        std::chrono::seconds timeout) {
  Pop3Account a;
  a.host = server.host;
  a.port = static_cast<uint16_t>(server.port);
  a.security = security(server);
  a.login = loginMethod(server);
  a.user = login.username;
  a.password = login.password;
  a.caFile = server.caFile;
  a.timeout = timeout;
  return a;
}

Status checkMailLogin(const MailServer& server, const MailLogin& login,
                      std::chrono::seconds timeout) {
  if (server.type == MailServer::Type::kPop3) {
    return checkPop3Login(pop3Account(server, login, timeout));
  }
  ImapClient client(imapAccount(server, login, timeout));
  ENP_RETURN_IF_ERROR(client.connect());
  const Result<MailboxState> examined = client.examine();
  // A failing LOGOUT does not make the account wrong.
  (void)client.logout();
  if (!examined.ok()) {
    return examined.error();
  }
  return Status();
}

}  // namespace enp::imap
