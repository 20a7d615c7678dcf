#include "enp/sink/cns/cns_signer.h"

#include <sstream>
#include <utility>

#include "Poco/Crypto/Crypto.h"
#include "Poco/Crypto/ECKey.h"
#include "Poco/Crypto/RSAKey.h"
#include "Poco/Exception.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "Poco/SharedPtr.h"

namespace enp {
namespace {

constexpr size_t kMinHmacKeyBytes = 32;  // RFC 7518 §3.2: at least the hash size.
constexpr int kMinRsaBits = 2048;
constexpr int64_t kMaxLifetimeSeconds = 86400;
constexpr const char* kP256 = "prime256v1";

struct AlgorithmName {
  JwtAlgorithm algorithm;
  std::string_view name;
};

constexpr AlgorithmName kAlgorithmNames[] = {
    {JwtAlgorithm::kHS256, "HS256"},
    {JwtAlgorithm::kRS256, "RS256"},
    {JwtAlgorithm::kES256, "ES256"},
};

void initializeCryptoOnce() {
  // Poco::Crypto keeps OpenSSL initialised while its count is positive; hold one for good.
  static const bool initialized = (Poco::Crypto::initializeCrypto(), true);
  (void)initialized;
}

bool fail(std::string* error, std::string message) {
  if (error != nullptr) {
    *error = std::move(message);
  }
  return false;
}

// Loads the key into signer. Messages never include the key, nor Poco's exception text (which
// could quote the input): only what the administrator needs to fix the setting.
bool loadKey(const CnsConfig& config, Poco::JWT::Signer& signer, std::string* error) {
  const std::string alg = toString(config.algorithm);
  if (config.algorithm == JwtAlgorithm::kHS256) {
    if (config.key.size() < kMinHmacKeyBytes) {
      return fail(error, "cns.key: the HS256 secret must be at least 32 bytes long (it has " +
                             std::to_string(config.key.size()) + ")");
    }
    signer.setHMACKey(config.key);
    return true;
  }
  const std::string expected = "cns.key: not a readable unencrypted PEM " + alg +
                               " private key (expected \"-----BEGIN PRIVATE KEY-----\" or \"-----"
                               "BEGIN " +
                               (config.algorithm == JwtAlgorithm::kRS256 ? "RSA" : "EC") +
                               " PRIVATE KEY-----\")";
  if (config.key.find("PRIVATE KEY-----") == std::string::npos ||
      config.key.find("ENCRYPTED") != std::string::npos) {
    // Also keeps OpenSSL from ever asking a terminal for a passphrase.
    return fail(error, expected);
  }
  try {
    std::istringstream pem(config.key);
    if (config.algorithm == JwtAlgorithm::kRS256) {
      Poco::SharedPtr<Poco::Crypto::RSAKey> key = new Poco::Crypto::RSAKey(nullptr, &pem, "");
      if (key->size() * 8 < kMinRsaBits) {  // size() is in bytes.
        return fail(error, "cns.key: the RSA key must have at least 2048 bits");
      }
      signer.setRSAKey(key);
    } else {
      Poco::SharedPtr<Poco::Crypto::ECKey> key = new Poco::Crypto::ECKey(nullptr, &pem, "");
      if (key->impl()->groupName() != kP256) {
        return fail(error, "cns.key: ES256 needs a P-256 (prime256v1) key, this one is on " +
                               key->impl()->groupName());
      }
      signer.setECKey(key);
    }
  } catch (const Poco::Exception&) {
    return fail(error, expected);
  } catch (const std::exception&) {
    return fail(error, expected);
  }
  return true;
}

}  // namespace

const char* toString(JwtAlgorithm algorithm) {
  for (const AlgorithmName& entry : kAlgorithmNames) {
    if (entry.algorithm == algorithm) {
      return entry.name.data();
    }
  }
  return "HS256";
}

bool parseJwtAlgorithm(std::string_view text, JwtAlgorithm* out) {
  for (const AlgorithmName& entry : kAlgorithmNames) {
    if (entry.name == text) {
      *out = entry.algorithm;
      return true;
    }
  }
  return false;
}

std::unique_ptr<CnsSigner> CnsSigner::create(const CnsConfig& config, std::string* error) {
  if (config.organizationId.empty()) {
    fail(error, "cns.organizationId: must not be empty");
    return nullptr;
  }
  if (config.audience.empty()) {
    fail(error, "cns.audience: must not be empty");
    return nullptr;
  }
  if (config.key.empty()) {
    fail(error, "cns.key: must not be empty");
    return nullptr;
  }
  if (config.lifetimeSeconds < 1 || config.lifetimeSeconds > kMaxLifetimeSeconds) {
    fail(error, "cns.lifetimeSeconds: must be between 1 and 86400");
    return nullptr;
  }
  initializeCryptoOnce();
  auto signer = std::make_unique<Poco::JWT::Signer>();
  // Default deny: only the configured algorithm (the constructor allows HS256).
  signer->setAlgorithms({toString(config.algorithm)});
  if (!loadKey(config, *signer, error)) {
    return nullptr;
  }
  return std::unique_ptr<CnsSigner>(new CnsSigner(config, std::move(signer)));
}

CnsSigner::CnsSigner(const CnsConfig& config, std::unique_ptr<Poco::JWT::Signer> signer)
    : algorithm_(config.algorithm),
      issuer_(config.organizationId),
      audience_(config.audience),
      keyId_(config.keyId),
      lifetimeSeconds_(config.lifetimeSeconds),
      signer_(std::move(signer)) {}

CnsSigner::~CnsSigner() = default;

std::string CnsSigner::sign(const std::string& deviceToken, const std::string& jti,
                            const Poco::JSON::Object::Ptr& notification,
                            std::chrono::system_clock::time_point now) const {
  const int64_t iat = std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
  try {
    Poco::JWT::Token token;
    token.setType("JWT");
    if (!keyId_.empty()) {
      token.header().set("kid", keyId_);
    }
    token.setIssuer(issuer_);
    token.setAudience(audience_);
    // Not Token::setIssuedAt(): it stores a double, which can serialise with a fraction.
    token.payload().set("iat", static_cast<Poco::Int64>(iat));
    token.payload().set("exp", static_cast<Poco::Int64>(iat + lifetimeSeconds_));
    token.setId(jti);
    token.setSubject(deviceToken);
    token.payload().set("notification", notification.isNull()
                                            ? Poco::JSON::Object::Ptr(new Poco::JSON::Object)
                                            : notification);
    return signer_->sign(token, toString(algorithm_));
  } catch (const Poco::Exception&) {
    return {};
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace enp
