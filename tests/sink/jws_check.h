#pragma once

#include <string>
#include <string_view>

// Test helpers that check JWS output with raw OpenSSL, independently of Poco::JWT.
namespace enp::testing {

/// Base64url without padding -> bytes; throws std::invalid_argument on a bad character.
std::string base64UrlDecode(std::string_view text);

/// The three dot-separated parts of a compact JWS (throws std::invalid_argument otherwise).
struct JwsParts {
  std::string signingInput;  ///< "<header>.<payload>" as sent.
  std::string header;        ///< Decoded JSON.
  std::string payload;       ///< Decoded JSON.
  std::string signature;     ///< Decoded bytes.
};
JwsParts splitJws(std::string_view jws);

bool verifyHs256(const JwsParts& jws, const std::string& secret);
/// pem: the private key (OpenSSL verifies with its public half).
bool verifyRs256(const JwsParts& jws, const std::string& pem);
/// Expects the JOSE form R||S (64 bytes) and converts it to DER ECDSA-Sig-Value for OpenSSL.
bool verifyEs256(const JwsParts& jws, const std::string& pem);

/// Freshly generated private keys as PEM: PKCS#8 ("BEGIN PRIVATE KEY") or the traditional form
/// ("BEGIN RSA/EC PRIVATE KEY"); passphrase non-empty = encrypted PKCS#8.
std::string makeRsaPem(int bits, bool traditional = false, const std::string& passphrase = "");
std::string makeEcPem(const char* curve, bool traditional = false);

}  // namespace enp::testing
