#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "enp/common/status.h"

namespace enp {

/// One IMAP or POP3 server that registrations may name (settings "mailServers[]"): ENP connects
/// to these servers only, never to a host a registration names.
struct MailServer {
  enum class Type { kImap, kPop3 };
  /// There is no plain-text mode: ENP never sends a password without TLS.
  enum class Security {
    kTls,       ///< TLS from the first byte (993, 995).
    kStartTls,  ///< STARTTLS (IMAP, 143) or STLS (POP3, 110) before the login.
  };
  /// How the password is sent: kPlain = SASL PLAIN when the server offers it, else the
  /// protocol's own command (IMAP LOGIN, POP3 USER/PASS); kLogin = always the latter.
  enum class Auth { kPlain, kLogin };

  std::string name;  ///< What a registration's account.server names.
  Type type = Type::kImap;
  std::string preset;  ///< "" | a preset's name (mail_server_presets.h) | "custom".
  std::string host;
  int port = 993;
  Security security = Security::kTls;
  Auth auth = Auth::kPlain;
  /// IMAP only: the prefix of folder names other than INBOX ("INBOX." on some servers).
  std::string pathPrefix;
  std::string caFile;                ///< "" = the system's trusted CAs.
  std::vector<std::string> domains;  ///< Lower-case mail domains it serves; empty = any.

  /// True when it serves `mailbox` (its domain is listed, or no domain is).
  bool serves(const std::string& mailbox) const;
};

const char* toString(MailServer::Type type);          ///< "imap" | "pop3"
const char* toString(MailServer::Security security);  ///< "tls" | "starttls"
const char* toString(MailServer::Auth auth);          ///< "plain" | "login"

/// mailServers[i]. With a `preset` its host, port and security are the preset's unless the
/// object gives them (a test points a preset at a local server); a preset without POP3 refuses
/// type pop3. Without a preset (or "custom") host is required and the port defaults to the
/// type's and security's well-known one. kInvalid naming the field.
Result<MailServer> mailServerFromJson(const Poco::JSON::Object& o, const std::string& path,
                                      bool checkInput = true);
/// Every field, the preset's filled in, so that an export imports again to the same server.
Poco::JSON::Object::Ptr mailServerToJson(const MailServer& s);

}  // namespace enp
