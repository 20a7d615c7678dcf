#pragma once

#include <cstdint>
#include <string>

#include "enp/common/status.h"

namespace enp::admin {

/// A private key and its public key, as PEM.
struct KeyPairPem {
  std::string privatePem;  ///< PKCS#8.
  std::string publicPem;   ///< SPKI.
};

/// A new ES256 (P-256) key pair; kInternal when OpenSSL fails.
Result<KeyPairPem> generateEs256Key();

/// The SPKI PEM public key of a PEM private key (RSA or EC); "" when it is not one.
std::string publicKeyOf(const std::string& privatePem);

/// What the console shows of a certificate.
struct CertificateInfo {
  std::string subject;  ///< One line, e.g. "O=ENP, CN=host"
  std::string issuer;
  int64_t notBefore = 0;  ///< seconds since the epoch
  int64_t notAfter = 0;
  bool selfSigned = false;
};

/// Reads the first certificate of a PEM text; kInvalid "certificate: not a PEM certificate".
Result<CertificateInfo> readCertificate(const std::string& pem);

/// OK when `keyPem` is the private key of the first certificate in `certPem`; kInvalid naming
/// the field otherwise ("key: does not match the certificate").
Status checkCertificateKey(const std::string& certPem, const std::string& keyPem);

}  // namespace enp::admin
