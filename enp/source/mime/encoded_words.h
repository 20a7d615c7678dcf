#pragma once

#include <string>
#include <string_view>

// RFC 2047 encoded words in header text ("=?UTF-8?B?...?=", "=?iso-8859-1?Q?...?="), decoded to
// UTF-8. Pure function; thread-safe.
namespace enp::mime {

/// Decodes the encoded words in an (unfolded) header value:
///  - B (base64) and Q (quoted-printable with '_' for a space) encodings, any case;
///  - whitespace between two adjacent encoded words is dropped (RFC 2047 §6.2), and their bytes
///    are joined before charset conversion when they share a charset, so that a character split
///    across two words (as some mailers do) survives;
///  - charsets converted with toUtf8() (RFC 2231 language suffixes "utf-8*en" ignored);
///  - a malformed encoded word stays as written; text outside encoded words is taken as UTF-8
///    (RFC 6532), invalid bytes replaced by U+FFFD.
/// Line breaks of folding are expected to be removed already (unfold first).
std::string decodeEncodedWords(std::string_view text);

}  // namespace enp::mime
