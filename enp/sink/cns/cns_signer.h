#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "Poco/JSON/Object.h"
#include "enp/common/status.h"

namespace Poco::JWT {
class Signer;
}

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

/// Signs CNS payloads as compact JWS through Poco::JWT (DESIGN §4.5).
///
/// The key is parsed once by create(). The Poco signer allows only the configured algorithm
/// (Poco enforces its allow-list on verification; sign() itself only ever asks for the configured
/// one), so a token can neither be signed nor accepted with another algorithm, "none" included.
///
/// Thread safety: sign() is const and may be called from many threads at once. Poco::JWT::Signer
/// ::sign() is const and keeps no mutable state (it builds its algorithm object per call, copies
/// the HMAC key, and the RSA/EC keys are only read by OpenSSL, whose signing functions are safe
/// on a shared key); the Token and its JSON are per call. The caller must not modify the
/// notification object while sign() reads it.
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
  CnsSigner(const CnsConfig& config, std::unique_ptr<Poco::JWT::Signer> signer);

  // Constant after construction.
  const JwtAlgorithm algorithm_;
  const std::string issuer_;
  const std::string audience_;
  const std::string keyId_;
  const int64_t lifetimeSeconds_;
  const std::unique_ptr<Poco::JWT::Signer> signer_;
};
using CnsSignerPtr = std::unique_ptr<CnsSigner>;

}  // namespace enp
