#pragma once

#include <string>
#include <string_view>

namespace enp {

/// The callback token ENP subscribes a registration with: base64url(HMAC-SHA256(key, "ews:" +
/// registrationId)), 43 characters, with key = DataKey::derive("callback-tokens"). Derived, not
/// stored: ENP can subscribe again at any time, and only the token's hash is in the database.
std::string ewsCallbackToken(std::string_view key, const std::string& registrationId);

}  // namespace enp
