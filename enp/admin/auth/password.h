#pragma once

#include <cstdint>
#include <string>

namespace enp::admin {

/// scrypt cost parameters. The default (N = 2^15, r = 8, p = 1: 32 MiB, tens of ms on the
/// target machine) is what the daemon and `enp admin set-password` use; tests may pass cheaper
/// ones to hashPassword(). verifyPassword() reads them from the stored hash.
struct ScryptParams {
  uint64_t n = uint64_t{1} << 15;
  uint64_t r = 8;
  uint64_t p = 1;
};

/// Console passwords shorter than this are refused.
inline constexpr size_t kMinPasswordLength = 12;

/// "scrypt$N$r$p$<salt base64url>$<hash base64url>" with a random 16-byte salt and a 32-byte
/// derived key. Returns "" only if OpenSSL fails. At most one derivation runs at a time in the
/// process, so concurrent logins cannot exhaust memory.
std::string hashPassword(const std::string& password, const ScryptParams& params = {});

/// True when `password` matches an encoded hash from hashPassword() (constant-time compare of
/// the derived keys). False for a malformed encoding or parameters out of range.
bool verifyPassword(const std::string& password, const std::string& encoded);

/// "" when acceptable, else why not ("password: at least 12 characters").
std::string checkPasswordRules(const std::string& password);

}  // namespace enp::admin
