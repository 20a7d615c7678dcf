#include "enp/admin/auth/totp.h"

#include <Poco/URI.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "enp/common/secrets.h"

namespace enp::admin {

std::string hotpCode(std::string_view key, uint64_t counter, int digits) {
  unsigned char message[8];
  for (int i = 7; i >= 0; --i) {
    message[i] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int macLength = 0;
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message, sizeof message, mac,
           &macLength) == nullptr ||
      macLength < 20) {
    return "";
  }
  // Dynamic truncation (RFC 4226 §5.3).
  const int offset = mac[macLength - 1] & 0x0f;
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                          static_cast<uint32_t>(mac[offset + 3]);
  uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) {
    modulus *= 10;
  }
  std::string code = std::to_string(binary % modulus);
  return std::string(static_cast<size_t>(digits) - code.size(), '0') + code;
}

std::optional<int64_t> matchTotp(std::string_view key, std::string_view code, int64_t nowMs) {
  if (code.size() != kTotpDigits || code.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const int64_t now = totpStep(nowMs);
  std::optional<int64_t> found;
  // All three compared, constant time each, so timing does not tell which step matched.
  for (int64_t step : {now - 1, now, now + 1}) {
    if (constantTimeEquals(hotpCode(key, static_cast<uint64_t>(step)), code)) {
      found = step;
    }
  }
  return found;
}

std::string newTotpSecret() {
  std::string bytes(kTotpSecretBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) !=
      1) {
    throw std::runtime_error("no random bytes for a TOTP secret");
  }
  return bytes;
}

std::string base32Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 0x1f];
      bits -= 5;
    }
  }
  if (bits > 0) {
    out += kAlphabet[(buffer << (5 - bits)) & 0x1f];
  }
  return out;
}

std::string otpauthUri(const std::string& issuer, const std::string& account,
                       std::string_view key) {
  std::string issuerText, accountText;
  Poco::URI::encode(issuer, "?#/&=+@:", issuerText);
  Poco::URI::encode(account, "?#/&=+@:", accountText);
  return "otpauth://totp/" + issuerText + ":" + accountText + "?secret=" + base32Encode(key) +
         "&issuer=" + issuerText + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

}  // namespace enp::admin
