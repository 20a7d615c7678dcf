#include "enp/sink/cns/cns_signer.h"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "Poco/Crypto/ECDSADigestEngine.h"
#include "Poco/Crypto/RSADigestEngine.h"
#include "Poco/Exception.h"
#include "Poco/JSONString.h"
#include "enp/common/secrets.h"
#include "enp/config/cns_key.h"
#include "enp/sink/cns/compact_json.h"

namespace enp {
namespace {

constexpr int64_t kMaxLifetimeSeconds = 86400;

struct AlgorithmName {
  JwtAlgorithm algorithm;
  std::string_view name;
};

constexpr AlgorithmName kAlgorithmNames[] = {
    {JwtAlgorithm::kHS256, "HS256"},
    {JwtAlgorithm::kRS256, "RS256"},
    {JwtAlgorithm::kES256, "ES256"},
};

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

Result<std::unique_ptr<CnsSigner>> CnsSigner::create(const CnsConfig& config) {
  if (config.organizationId.empty()) {
    return Status::invalid("cns.organizationId: must not be empty");
  }
  if (config.audience.empty()) {
    return Status::invalid("cns.audience: must not be empty");
  }
  if (config.key.empty()) {
    return Status::invalid("cns.key: must not be empty");
  }
  if (config.lifetimeSeconds < 1 || config.lifetimeSeconds > kMaxLifetimeSeconds) {
    return Status::invalid("cns.lifetimeSeconds: must be between 1 and 86400");
  }
  Result<CnsKey> key = readCnsKey(toString(config.algorithm), config.key, "cns.key");
  if (!key.ok()) {
    return key.error();
  }
  try {
    return std::unique_ptr<CnsSigner>(new CnsSigner(config, std::move(key).value()));
  } catch (const std::exception& e) {
    return Status::invalid(std::string("cns.key: ") + e.what());
  }
}

CnsSigner::CnsSigner(const CnsConfig& config, CnsKey key)
    : algorithm_(config.algorithm), lifetimeSeconds_(config.lifetimeSeconds), key_(std::move(key)) {
  if (algorithm_ == JwtAlgorithm::kHS256) {
    hmac_ = std::make_unique<HmacSha256>(key_.hmacSecret);
  }
  Poco::JSON::Object header;
  header.set("alg", toString(algorithm_));
  if (!config.keyId.empty()) {
    header.set("kid", config.keyId);
  }
  header.set("typ", "JWT");
  std::string headerJson;
  appendJson(headerJson, header);
  header_ = base64UrlEncode(headerJson) + ".";
  claimsStart_ = "{\"aud\":" + Poco::toJSON(config.audience, Poco::JSON_WRAP_STRINGS) + ",\"exp\":";
  issuerClaim_ =
      ",\"iss\":" + Poco::toJSON(config.organizationId, Poco::JSON_WRAP_STRINGS) + ",\"jti\":";
}

CnsSigner::~CnsSigner() = default;

std::string CnsSigner::signatureOf(const std::string& input) const {
  switch (algorithm_) {
    case JwtAlgorithm::kHS256: {
      return hmac_->mac(input);
    }
    case JwtAlgorithm::kRS256: {
      Poco::Crypto::RSADigestEngine rsa(*key_.rsaKey, "SHA256");
      rsa.update(input);
      const Poco::DigestEngine::Digest& signature = rsa.signature();
      return std::string(signature.begin(), signature.end());
    }
    case JwtAlgorithm::kES256: {
      Poco::Crypto::ECDSADigestEngine ecdsa(*key_.ecKey, "SHA256");
      ecdsa.update(input);
      const Poco::Crypto::ECDSASignature der(ecdsa.signature());
      // JOSE wants R and S as 32 bytes each, big-endian, left-padded with zeros.
      std::string signature(64, '\0');
      const std::vector<unsigned char> r = der.rawR();
      const std::vector<unsigned char> s = der.rawS();
      if (r.size() > 32 || s.size() > 32) {
        throw std::runtime_error("ECDSA signature longer than P-256's");
      }
      std::copy(r.begin(), r.end(), signature.begin() + static_cast<std::ptrdiff_t>(32 - r.size()));
      std::copy(s.begin(), s.end(), signature.begin() + static_cast<std::ptrdiff_t>(64 - s.size()));
      return signature;
    }
  }
  throw std::runtime_error("unknown algorithm");
}

std::string CnsSigner::sign(const std::string& deviceToken, const std::string& jti,
                            const Poco::JSON::Object::Ptr& notification,
                            std::chrono::system_clock::time_point now) const {
  const int64_t iat = std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
  try {
    // Whole seconds as JSON integers: common verifiers compare against a floored clock.
    std::string claims;
    claims.reserve(1024);
    claims += claimsStart_;
    claims += std::to_string(iat + lifetimeSeconds_);
    claims += ",\"iat\":";
    claims += std::to_string(iat);
    claims += issuerClaim_;
    appendJsonString(claims, jti);
    claims += ",\"notification\":";
    if (notification.isNull()) {
      claims += "{}";
    } else {
      appendJson(claims, *notification);
    }
    claims += ",\"sub\":";
    appendJsonString(claims, deviceToken);
    claims += '}';
    std::string token = header_;
    token += base64UrlEncode(claims);
    const std::string signature = signatureOf(token);
    token += '.';
    token += base64UrlEncode(signature);
    return token;
  } catch (const Poco::Exception&) {
    return {};
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace enp
