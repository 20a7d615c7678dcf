#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "Poco/JSON/Object.h"
#include "enp/common/hmac_sha256.h"
#include "enp/common/status.h"
#include "enp/config/cns_key.h"

namespace enp {

/// The JWS algorithms CNS accepts (settings "cns.algorithm").
enum class JwtAlgorithm { kHS256, kRS256, kES256 };

/// "HS256", "RS256", "ES256".
const char* toString(JwtAlgorithm algorithm);
/// Parses the names toString() gives (exact case); false and *out untouched otherwise.
bool parseJwtAlgorithm(std::string_view text, JwtAlgorithm* out);

/// Settings "cns" (DESIGN §4.2.1), typed.
struct CnsConfig {
  std::string url;             ///< Where CnsClient POSTs.
  std::string organizationId;  ///< The "iss" claim.
  std::string token;           ///< Bearer token CNS issued to the organisation (CnsClient's).
  std::string audience;        ///< The "aud" claim.
  JwtAlgorithm algorithm = JwtAlgorithm::kES256;
  std::string key;    ///< HS256: the shared secret (>= 32 bytes); RS256/ES256: PEM private key.
  std::string keyId;  ///< The "kid" header; empty = no kid.
  int64_t lifetimeSeconds = 300;  ///< exp - iat; 1 .. 86400.
};

/// Signs CNS payloads as compact JWS (RFC 7515, DESIGN §4.5) with the configured algorithm only,
/// never another and never "none".
///
/// The key is parsed once by create(), the header encoded once. Each sign() writes the claims
/// straight into one string (compact_json.h) and signs it with OpenSSL's HMAC (HS256) or
/// Poco::Crypto's RSA and ECDSA digest engines (RS256, ES256: R and S each padded to 32 bytes,
/// RFC 7518 §3.4). Poco::JWT::Signer, which made the same token through JSON streams and a
/// base64 stream, took ~28 µs of CPU per HS256 token, more than the HMAC by far.
///
/// Thread safety: sign() is const and may be called from many threads at once: it keeps no
/// mutable state, and the RSA/EC keys are only read by OpenSSL, whose signing functions are safe
/// on a shared key. The caller must not modify the notification object while sign() reads it.
class CnsSigner {
 public:
  /// Validates config (organizationId, audience, key, lifetime, key type, RSA >= 2048 bits, EC
  /// curve P-256) and loads the key: a signer (never null), or kInvalid with a message that
  /// names the settings field ("cns.key: ...") and never contains the key or any part of it.
  static Result<std::unique_ptr<CnsSigner>> create(const CnsConfig& config);

  ~CnsSigner();
  CnsSigner(const CnsSigner&) = delete;
  CnsSigner& operator=(const CnsSigner&) = delete;

  /// Returns the compact JWS: header {"alg", "kid" (when set), "typ":"JWT"}; claims iss, aud,
  /// iat = now floored to whole seconds, exp = iat + lifetimeSeconds (both JSON integers), jti,
  /// sub = deviceToken, notification. Returns "" only if the crypto library fails (not expected
  /// with a key create() accepted).
  std::string sign(const std::string& deviceToken, const std::string& jti,
                   const Poco::JSON::Object::Ptr& notification,
                   std::chrono::system_clock::time_point now) const;

  JwtAlgorithm algorithm() const { return algorithm_; }

 private:
  CnsSigner(const CnsConfig& config, CnsKey key);

  // The signature of `input` (raw bytes); throws Poco::Exception or std::exception on failure.
  std::string signatureOf(const std::string& input) const;

  // Constant after construction.
  const JwtAlgorithm algorithm_;
  const int64_t lifetimeSeconds_;
  const CnsKey key_;
  std::unique_ptr<HmacSha256> hmac_;  // HS256: the secret's keyed state
  std::string header_;                // the encoded header and the "." after it
  std::string claimsStart_;           // {"aud":<audience>,"exp":
  std::string issuerClaim_;           // ,"iss":<organisation id>,"jti":
};
using CnsSignerPtr = std::unique_ptr<CnsSigner>;

}  // namespace enp
