#pragma once

#include <string>
#include <string_view>

#include "enp/common/status.h"

namespace enp {

/// Text encrypted at rest (stored mailbox passwords): AES-256-GCM under a 32-byte key (see
/// DataKey::derive("credentials")), written "v1.<base64url(nonce | ciphertext | tag)>" with a
/// random 96-bit nonce. `context` (e.g. "registration:<id>:password") is authenticated with it,
/// so a sealed value copied into another row does not open there.
std::string seal(std::string_view key, std::string_view plaintext, std::string_view context);

/// The text back; kInvalid when `sealed` is not one this key sealed for this context (a wrong
/// key, a changed byte, another context). The message never holds the text.
Result<std::string> unseal(std::string_view key, std::string_view sealed, std::string_view context);

}  // namespace enp
