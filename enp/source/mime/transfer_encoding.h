#pragma once

#include <string>
#include <string_view>

// Content-Transfer-Encoding (RFC 2045 §6) decoding for mail bodies, which often arrive cut short
// (IMAP BODY.PEEK[part]<0.N>, POP3 TOP): the decoders are lenient, never fail, and decode as much
// of a truncated input as is complete. Pure functions; thread-safe.
namespace enp::mime {

/// Base64 (RFC 2045 §6.8): characters outside the alphabet (line breaks, spaces) are skipped,
/// decoding stops at the first '='. A truncated last group yields the whole bytes it holds.
std::string decodeBase64(std::string_view in);

/// Quoted-printable (RFC 2045 §6.7): "=XX" (either case) decoded, soft line breaks ("=" at a
/// line end) removed, whitespace at the end of a line dropped. An '=' that starts no valid
/// escape is kept as text; an escape cut off at the end of the input is dropped.
std::string decodeQuotedPrintable(std::string_view in);

/// Decodes `body` per its Content-Transfer-Encoding value (case-insensitive: "base64",
/// "quoted-printable"); any other value (7bit, 8bit, binary, empty, unknown) returns it as is.
std::string decodeTransferEncoding(std::string_view body, std::string_view encoding);

}  // namespace enp::mime
