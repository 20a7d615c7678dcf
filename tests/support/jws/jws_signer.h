#pragma once

// Test-side JWS signing with raw OpenSSL 3 (no Poco::JWT): tokens, including deliberately
// malformed ones, to exercise the fake CNS's verifier.

#include <string>
#include <string_view>

#include "jws_signature.h"

namespace testsupport {

enum class EcSignatureForm {
  kJose,  ///< 64-byte R||S, as RFC 7518 requires.
  kDer,   ///< The DER ECDSA-Sig-Value OpenSSL produces: wrong for JOSE.
};

/// header.claims.signature over the given JSON texts (used verbatim). key: HS256 secret bytes or
/// a private key PEM. Throws std::runtime_error.
std::string signJws(JwsAlgorithm algorithm, const std::string& key, std::string_view headerJson,
                    std::string_view claimsJson, EcSignatureForm ecForm = EcSignatureForm::kJose);

}  // namespace testsupport
