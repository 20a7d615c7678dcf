#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "enp/common/status.h"

namespace Poco::JWT {
class Signer;
}

namespace enp {

/// The client assertion an app registration with a certificate credential signs in with (OAuth
/// 2.0 client credentials, RFC 7523 as Entra ID takes it): a JWT signed RS256 with the
/// certificate's private key, header "x5t#S256" = base64url SHA-256 of the DER certificate (how
/// Entra ID finds the certificate uploaded to the app), claims aud (the token endpoint), iss and
/// sub (the client id), jti (unique), nbf, iat and exp.
///
/// Thread safety: sign() is const and may be called from several threads at once (see
/// CnsSigner: Poco's signer keeps no state between calls).
class ClientAssertion {
 public:
  /// Reads a PEM certificate and its unencrypted PEM RSA private key (at least 2048 bits) and
  /// checks that they belong together. kInvalid in plain words naming what is wrong (never the
  /// key or a part of it).
  static Result<std::unique_ptr<ClientAssertion>> fromPem(const std::string& certificatePem,
                                                          const std::string& keyPem);
  /// The same from files (settings graph[].auth.certFile and keyFile).
  static Result<std::unique_ptr<ClientAssertion>> fromFiles(const std::string& certFile,
                                                            const std::string& keyFile);
  ~ClientAssertion();
  ClientAssertion(const ClientAssertion&) = delete;
  ClientAssertion& operator=(const ClientAssertion&) = delete;

  /// How long an assertion is valid (exp - nbf); Entra ID accepts at most 10 minutes.
  static constexpr std::chrono::seconds kLifetime{600};

  /// The compact JWS for `clientId` to present at `tokenUrl`, valid from `now` (floored to
  /// whole seconds) for kLifetime; "" only if the crypto library fails.
  std::string sign(const std::string& clientId, const std::string& tokenUrl, const std::string& jti,
                   std::chrono::system_clock::time_point now) const;

  /// base64url (no padding) of the SHA-256 of the DER certificate: the "x5t#S256" header.
  const std::string& thumbprint() const { return thumbprint_; }

 private:
  ClientAssertion(std::string thumbprint, std::unique_ptr<Poco::JWT::Signer> signer);

  // Constant after construction.
  const std::string thumbprint_;
  const std::unique_ptr<Poco::JWT::Signer> signer_;
};
using ClientAssertionPtr = std::unique_ptr<ClientAssertion>;

}  // namespace enp
