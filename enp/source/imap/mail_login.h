#pragma once

#include <chrono>
#include <string>

#include "enp/common/status.h"
#include "enp/config/mail_server.h"
#include "enp/source/imap/imap_client.h"
#include "enp/source/imap/pop3_client.h"

namespace enp::imap {

/// An account on a configured mail server, as a registration gives it.
struct MailLogin {
  std::string username;
  std::string password;  ///< Secret: never logged.
  std::string folder = "INBOX";
};

/// The driver settings for `login` on `server`: its host, port, TLS mode, login method, path
/// prefix and CA file; only a configured server's, never a host a registration names.
ImapAccount imapAccount(const MailServer& server, const MailLogin& login,
                        std::chrono::seconds timeout);
Pop3Account pop3Account(const MailServer& server, const MailLogin& login,
                        std::chrono::seconds timeout);

/// Checks an account before it is accepted: connects over the server's TLS (verified), logs in
/// and, on an IMAP server, EXAMINEs the folder (read-only); then logs out. The failure carries
/// a MailboxErrorKind (mailbox_error.h) and says in plain words what is wrong, in the server's
/// words where it gave any; never the password. Blocks for at most a few `timeout`s.
Status checkMailLogin(const MailServer& server, const MailLogin& login,
                      std::chrono::seconds timeout);

}  // namespace enp::imap
