#pragma once

#include <Poco/Crypto/ECKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/SharedPtr.h>

#include <string>

#include "enp/common/status.h"

namespace enp {

/// A CNS signing key (settings "cns.key") read for its algorithm ("cns.algorithm").
struct CnsKey {
  std::string hmacSecret;                        ///< HS256.
  Poco::SharedPtr<Poco::Crypto::RSAKey> rsaKey;  ///< RS256.
  Poco::SharedPtr<Poco::Crypto::ECKey> ecKey;    ///< ES256.
};

/// The one check of a CNS key: the settings validation (`enp settings import`, the admin API's
/// settings and CNS saves) and CnsSigner::create() both call it, so a key the signer would refuse
/// is refused when it is saved. `algorithm` is "HS256", "RS256" or "ES256":
///   HS256  a shared secret of at least 32 bytes (RFC 7518 §3.2);
///   RS256  an unencrypted PEM RSA private key of at least 2048 bits;
///   ES256  an unencrypted PEM P-256 (prime256v1) private key.
/// The key, read; kInvalid "<keyPath>: <problem>" when it does not suit the algorithm. The
/// message never contains the key or any part of it.
Result<CnsKey> readCnsKey(const std::string& algorithm, const std::string& key,
                          const std::string& keyPath);

}  // namespace enp
