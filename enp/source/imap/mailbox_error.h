#pragma once

#include <string>
#include <string_view>

#include "enp/common/status.h"

// How a mailbox server (IMAP or POP3) failed, in the terms the daemon acts on, carried in an
// enp::Status: the kind maps to a StatusCode and to the first words of the message, which is
// written for the administrator ("auth failed: the server said: [AUTHENTICATIONFAILED]
// Authentication failed."). mailboxErrorKind() reads the kind back. The server's words are
// cut to 200 bytes, control characters removed; passwords never appear.
namespace enp::imap {

enum class MailboxErrorKind {
  kAuthFailed,   ///< The server refused the user name or password (kInvalid). Do not retry
                 ///< before the registration changes: a loop would lock the account.
  kThrottled,    ///< Too many connections, [LIMIT], rate limits (kUnavailable): back off.
  kUnavailable,  ///< No connection, a timeout, BYE, [UNAVAILABLE] (kUnavailable): retry later.
  kInsecure,     ///< TLS failed or was not offered; the certificate is not trusted (kInvalid).
  kNoFolder,     ///< The folder does not exist or cannot be opened (kNotFound).
  kProtocol,     ///< An answer that does not follow the protocol (kInternal).
};

/// "auth failed", "throttled", "unavailable", "TLS", "no folder", "protocol error".
const char* toString(MailboxErrorKind kind);

/// A failed Status of `kind` whose message is "<toString(kind)>: <words>".
Status mailboxError(MailboxErrorKind kind, std::string_view words);

/// The kind of a Status made by mailboxError(); kProtocol for any other failure.
MailboxErrorKind mailboxErrorKind(const Status& status);

/// "the server said: <text>" with the server's text made safe for logs and the console.
std::string serverSaid(std::string_view text);

/// True when a server's refusal text or response code speaks of too many connections or a rate
/// limit (Dovecot's "Maximum number of connections", Gmail's "Too many simultaneous
/// connections", RFC 5530 [LIMIT]).
bool soundsThrottled(std::string_view code, std::string_view text);

}  // namespace enp::imap
