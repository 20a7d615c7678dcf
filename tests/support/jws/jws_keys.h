#pragma once

// Freshly generated signing keys as PEM text, with raw OpenSSL 3, to configure ENP's signer and
// the fake CNS's verifier with.

#include <string>

#include "jws_signature.h"

namespace testsupport {

struct PemKeyPair {
  std::string privatePem;  ///< PKCS#8 "-----BEGIN PRIVATE KEY-----".
  std::string publicPem;   ///< SPKI "-----BEGIN PUBLIC KEY-----".
};

/// A fresh RSA-2048 (RS256) or EC P-256 (ES256) key pair; throws std::runtime_error.
PemKeyPair generateKeyPair(JwsAlgorithm algorithm);

/// A fresh RSA private key: PKCS#8 ("BEGIN PRIVATE KEY"), the traditional form ("BEGIN RSA
/// PRIVATE KEY"), or with a non-empty passphrase encrypted PKCS#8. Throws std::runtime_error.
std::string makeRsaPem(int bits, bool traditional = false, const std::string& passphrase = "");

/// A fresh EC private key on `curve` ("P-256", "P-384"…), PKCS#8 or traditional ("BEGIN EC
/// PRIVATE KEY"). Throws std::runtime_error.
std::string makeEcPem(const char* curve, bool traditional = false);

/// A self-signed X.509 certificate (PEM) for the key in `privatePem`, subject CN=`commonName`,
/// valid from an hour ago for two days: what an app registration's certificate credential is.
/// With `subjectAltName` ("DNS:localhost,IP:127.0.0.1") it is also a CA (basicConstraints CA:TRUE)
/// with those names: a TLS server certificate that is its own trust anchor (a caFile). Throws
/// std::runtime_error.
std::string makeSelfSignedCertificate(const std::string& privatePem, const std::string& commonName,
                                      const std::string& subjectAltName = "");

}  // namespace testsupport
