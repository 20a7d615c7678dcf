#pragma once

// The tests' one JWS signature check, with raw OpenSSL 3 EVP calls, independently of Poco::JWT
// (which ENP signs with), so a signer bug cannot be mirrored by the check. Used by the fake CNS's
// JWT verifier and by the signer's unit tests.

#include <optional>
#include <string>
#include <string_view>

namespace testsupport {

enum class JwsAlgorithm { kHS256, kRS256, kES256 };

const char* toString(JwsAlgorithm algorithm);

/// The three dot-separated parts of a compact JWS, decoded (strict base64url).
struct JwsParts {
  std::string signingInput;  ///< "<header>.<payload>" as sent.
  std::string header;        ///< Decoded JSON text.
  std::string payload;       ///< Decoded JSON text.
  std::string signature;     ///< Decoded bytes.
};

/// nullopt unless exactly three parts, each valid unpadded base64url.
std::optional<JwsParts> splitJws(std::string_view compact);

/// Why `signature` is not `algorithm`'s signature of `signingInput` under `key`; empty when it
/// is. key: the HS256 secret bytes, or for RS256/ES256 a PEM public key ("BEGIN PUBLIC KEY") or
/// private key (its public half is used). RS256 needs an RSA key and a signature of the modulus
/// length; ES256 a P-256 key and the JOSE form R||S (64 bytes, RFC 7518 §3.4).
std::string jwsSignatureError(JwsAlgorithm algorithm, const std::string& key,
                              std::string_view signingInput, const std::string& signature);

/// True when `jws` carries a valid `algorithm` signature under `key` (see jwsSignatureError).
bool jwsVerifies(JwsAlgorithm algorithm, const std::string& key, const JwsParts& jws);

}  // namespace testsupport
