#include "enp/config/cns_key.h"

#include <Poco/Crypto/Crypto.h>
#include <Poco/Exception.h>

#include <sstream>

namespace enp {
namespace {

constexpr size_t kMinHmacKeyBytes = 32;  // RFC 7518 §3.2: at least the hash size.
constexpr int kMinRsaBits = 2048;
constexpr const char* kP256 = "prime256v1";

void initializeCryptoOnce() {
  // Poco::Crypto keeps OpenSSL initialised while its count is positive; hold one for good.
  static const bool initialized = (Poco::Crypto::initializeCrypto(), true);
  (void)initialized;
}

}  // namespace

// Messages never include the key, nor Poco's exception text (which could quote the input): only
// what the administrator needs to fix the setting.
Result<CnsKey> readCnsKey(const std::string& algorithm, const std::string& key,
                          const std::string& keyPath) {
  CnsKey read;
  if (algorithm == "HS256") {
    if (key.size() < kMinHmacKeyBytes) {
      return Status::invalid(keyPath +
                             ": the HS256 secret must be at least 32 bytes long (it has " +
                             std::to_string(key.size()) + ")");
    }
    read.hmacSecret = key;
  } else if (algorithm == "RS256" || algorithm == "ES256") {
    const bool rsa = algorithm == "RS256";
    const std::string expected = keyPath + ": not a readable unencrypted PEM " + algorithm +
                                 " private key (expected \"-----BEGIN PRIVATE KEY-----\" or "
                                 "\"-----BEGIN " +
                                 (rsa ? "RSA" : "EC") + " PRIVATE KEY-----\")";
    if (key.find("PRIVATE KEY-----") == std::string::npos ||
        key.find("ENCRYPTED") != std::string::npos) {
      // Also keeps OpenSSL from ever asking a terminal for a passphrase.
      return Status::invalid(expected);
    }
    initializeCryptoOnce();
    try {
      std::istringstream pem(key);
      if (rsa) {
        read.rsaKey = new Poco::Crypto::RSAKey(nullptr, &pem, "");
        if (read.rsaKey->size() * 8 < kMinRsaBits) {  // size() is in bytes.
          return Status::invalid(keyPath + ": the RSA key must have at least 2048 bits");
        }
      } else {
        read.ecKey = new Poco::Crypto::ECKey(nullptr, &pem, "");
        if (read.ecKey->impl()->groupName() != kP256) {
          return Status::invalid(keyPath +
                                 ": ES256 needs a P-256 (prime256v1) key, this one is on " +
                                 read.ecKey->impl()->groupName());
        }
      }
    } catch (const Poco::Exception&) {
      return Status::invalid(expected);
    } catch (const std::exception&) {
      return Status::invalid(expected);
    }
  } else {
    return Status::invalid(keyPath + ": no key check for algorithm '" + algorithm + "'");
  }
  return read;
}

}  // namespace enp
