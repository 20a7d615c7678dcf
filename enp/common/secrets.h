#pragma once

#include <string>
#include <string_view>

namespace enp {

/// `bytes` bytes from OpenSSL's CSPRNG, base64url without padding (16 bytes = 128 bits).
std::string randomToken(size_t bytes = 32);

/// Lower-case hex SHA-256: how tokens and secrets are stored when only comparison is needed.
std::string sha256Hex(std::string_view data);

/// Comparison whose time does not depend on where the strings differ.
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace enp
