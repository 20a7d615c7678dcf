#pragma once

#include <cstdint>
#include <string>

namespace enp::admin {

/// A new ES256 (P-256) private key as PKCS#8 PEM, and its public key as SPKI PEM. False with
/// *error when OpenSSL fails.
bool generateEs256Key(std::string* privatePem, std::string* publicPem, std::string* error);

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

/// Reads the first certificate of a PEM text. False with *error ("certificate: not a PEM
/// certificate").
bool readCertificate(const std::string& pem, CertificateInfo* out, std::string* error);

/// True when `keyPem` is the private key of the first certificate in `certPem`; false with
/// *error naming the field ("key: does not match the certificate").
bool checkCertificateKey(const std::string& certPem, const std::string& keyPem, std::string* error);

}  // namespace enp::admin
