#pragma once

// Test-side JWS signing with raw OpenSSL 3 (no Poco::JWT): key pairs to configure ENP's signer
// and FakeCns with, and tokens (including deliberately malformed ones) to exercise FakeCns.

#include <string>
#include <string_view>

#include "jwt_verifier.h"

namespace fakes {

struct PemKeyPair {
  std::string privatePem;  ///< PKCS#8 "-----BEGIN PRIVATE KEY-----".
  std::string publicPem;   ///< SPKI "-----BEGIN PUBLIC KEY-----".
};

/// A fresh RSA-2048 (RS256) or EC P-256 (ES256) key pair; throws std::runtime_error.
PemKeyPair generateKeyPair(JwsAlgorithm algorithm);

enum class EcSignatureForm {
  kJose,  ///< 64-byte R||S, as RFC 7518 requires.
  kDer,   ///< The DER ECDSA-Sig-Value OpenSSL produces: wrong for JOSE.
};

/// header.claims.signature over the given JSON texts (used verbatim). key: HS256 secret bytes or
/// a private key PEM. Throws std::runtime_error.
std::string signJws(JwsAlgorithm algorithm, const std::string& key, std::string_view headerJson,
                    std::string_view claimsJson, EcSignatureForm ecForm = EcSignatureForm::kJose);

}  // namespace fakes
