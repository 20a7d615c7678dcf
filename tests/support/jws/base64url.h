#pragma once

// base64url without padding (RFC 7515 §2), strict: the verifier must not accept what a careful
// JOSE library would reject.

#include <optional>
#include <string>
#include <string_view>

namespace testsupport {

std::string base64UrlEncode(std::string_view bytes);

/// nullopt for any character outside [A-Za-z0-9_-] (including '=' padding and whitespace), a
/// length of 1 mod 4, or non-zero unused bits in the last character (a non-canonical encoding).
std::optional<std::string> base64UrlDecode(std::string_view text);

}  // namespace testsupport
