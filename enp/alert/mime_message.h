#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace enp {

/// A plain-text mail, before it is rendered.
struct MailMessage {
  std::string from;                     ///< An address checked by the settings.
  std::vector<std::string> to;          ///< Addresses checked by the settings.
  std::string subject;                  ///< UTF-8; control characters become spaces.
  std::string body;                     ///< UTF-8 text, lines separated by '\n'.
  int64_t dateMs = 0;                   ///< ms since the epoch, for the Date header.
  std::string messageIdDomain = "enp";  ///< The right-hand side of the Message-ID.
};

/// The message in RFC 5322 form with CRLF line ends: Date, Message-ID (random), From, To,
/// Subject (an RFC 2047 encoded-word when it is not plain ASCII), MIME-Version, Content-Type
/// text/plain UTF-8, and the body in quoted-printable (7-bit clean, lines within 76 columns,
/// no line starting with a dot).
std::string renderMessage(const MailMessage& m);

/// "Mon, 30 Nov 2026 12:00:00 +0000" (RFC 5322 date-time, UTC).
std::string rfc5322Date(int64_t ms);
/// The subject as one or more "=?UTF-8?B?...?=" words (folded, whole characters per word), or
/// unchanged when it is printable ASCII.
std::string encodeHeaderText(std::string_view text);
std::string quotedPrintable(std::string_view text);

}  // namespace enp
