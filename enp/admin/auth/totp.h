#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace enp::admin {

/// Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA-1,
/// 30-second steps from the Unix epoch, 6 digits.
inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
inline constexpr size_t kTotpSecretBytes = 20;  ///< 160 bits, as RFC 4226 recommends.

/// The time step of an instant (ms since the epoch).
inline int64_t totpStep(int64_t nowMs) { return nowMs / 1000 / kTotpStepSeconds; }

/// RFC 4226 HOTP of `key` (raw bytes) for `counter`: `digits` decimal digits, zero-padded.
std::string hotpCode(std::string_view key, uint64_t counter, int digits = kTotpDigits);

/// The step within one of `nowMs`'s (earlier, same, later: a clock off by up to 30 s) whose
/// code `code` is; nullopt when none (or `code` is not `kTotpDigits` digits). Which steps were
/// used already is the caller's to check (AdminUserStore::useTotpStep).
std::optional<int64_t> matchTotp(std::string_view key, std::string_view code, int64_t nowMs);

/// A new random secret (kTotpSecretBytes raw bytes).
std::string newTotpSecret();

/// RFC 4648 base32 without padding, as authenticator apps take secrets.
std::string base32Encode(std::string_view bytes);

/// "otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30"
/// (the Key Uri Format authenticator apps read from a QR code or a paste).
std::string otpauthUri(const std::string& issuer, const std::string& account, std::string_view key);

}  // namespace enp::admin
