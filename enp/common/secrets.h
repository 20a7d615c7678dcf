#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace enp {

/// Base64url without padding (RFC 4648 §5).
std::string base64UrlEncode(std::string_view bytes);
/// Its inverse; nullopt for a character outside the alphabet or an impossible length.
std::optional<std::string> base64UrlDecode(std::string_view text);

/// `bytes` bytes from OpenSSL's CSPRNG, base64url without padding (16 bytes = 128 bits).
std::string randomToken(size_t bytes = 32);

/// Lower-case hex SHA-256: how tokens and secrets are stored when only comparison is needed.
std::string sha256Hex(std::string_view data);

/// Comparison whose time does not depend on where the strings differ.
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace enp
