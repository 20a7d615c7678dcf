#pragma once

#include <string>
#include <string_view>
#include <vector>

// How ENP writes the arguments of its IMAP commands (RFC 3501 §4.3, §5.1.3, RFC 4616).
// Pure functions; thread-safe.
namespace enp::imap {

/// An astring argument: a quoted string when `s` is 7-bit text without CR, LF or NUL (with \"
/// and \\ escaped), else a literal. A literal is returned as two pieces, the "{n}" (or "{n+}"
/// when `literalPlus`) that ends the first line and the bytes that follow the server's
/// continuation; a quoted string as one piece.
std::vector<std::string> astring(std::string_view s, bool literalPlus);

/// A mailbox name in modified UTF-7 (RFC 3501 §5.1.3): "Entw&APw-rfe" for "Entwürfe".
std::string encodeMailboxName(std::string_view utf8);

/// Base64 (RFC 4648, with padding).
std::string encodeBase64(std::string_view bytes);

/// The SASL PLAIN initial response for `user` and `password`: base64("\0user\0password").
std::string saslPlain(std::string_view user, std::string_view password);

}  // namespace enp::imap
