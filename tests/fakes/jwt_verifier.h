#pragma once

// Verifies a compact JWS (a JWT) with raw OpenSSL 3 EVP calls, independently of Poco::JWT (which
// ENP signs with), so a signer bug cannot be mirrored by the verifier. Default-deny: only the one
// configured algorithm is accepted.

#include <Poco/JSON/Object.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "jws/jws_signature.h"

namespace fakes {

using testsupport::JwsAlgorithm;

struct JwtExpectations {
  JwsAlgorithm algorithm = JwsAlgorithm::kHS256;
  /// HS256: the shared secret (raw bytes). RS256 / ES256: the public key as PEM
  /// ("-----BEGIN PUBLIC KEY-----"); ES256 keys must be on P-256.
  std::string key;
  std::string keyId;     ///< Non-empty: header kid must equal it.
  std::string issuer;    ///< Non-empty: iss must equal it (else any non-empty string).
  std::string audience;  ///< Non-empty: aud (string or array) must contain it.
  /// Check exp is in the future and iat not in the future, within leeway, against now().
  bool checkTime = true;
  std::chrono::seconds leeway{60};
  std::function<int64_t()> now;  ///< Unix seconds; empty: the system clock.
};

struct VerifiedJwt {
  std::string headerJson;
  std::string claimsJson;
  Poco::JSON::Object::Ptr header;
  Poco::JSON::Object::Ptr claims;
};

struct JwtVerdict {
  bool ok = false;
  std::string error;  ///< Why it was rejected; empty when ok.
  VerifiedJwt jwt;    ///< Filled as far as parsing got.
};

/// Structure, base64url, header (alg, typ if present, kid when configured, no crit), signature,
/// then claims: iss, sub, jti non-empty strings; aud; iat and exp integers (a fractional value
/// is rejected) with exp > iat; notification an object.
JwtVerdict verifyJwt(std::string_view compact, const JwtExpectations& expectations);

}  // namespace fakes
