#include "enp/sink/cns/cns_signer.h"

#include <utility>

#include "Poco/Exception.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "enp/config/cns_key.h"

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

// Loads the key into signer, after the same check the settings validation makes.
Status loadKey(const CnsConfig& config, Poco::JWT::Signer& signer) {
  Result<CnsKey> read = readCnsKey(toString(config.algorithm), config.key, "cns.key");
  if (!read.ok()) {
    return read.error();
  }
  const CnsKey& key = *read;
  switch (config.algorithm) {
    case JwtAlgorithm::kHS256:
      signer.setHMACKey(key.hmacSecret);
      break;
    case JwtAlgorithm::kRS256:
      signer.setRSAKey(key.rsaKey);
      break;
    case JwtAlgorithm::kES256:
      signer.setECKey(key.ecKey);
      break;
  }
  return Status();
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
  auto signer = std::make_unique<Poco::JWT::Signer>();
  // Default deny: only the configured algorithm (the constructor allows HS256).
  signer->setAlgorithms({toString(config.algorithm)});
  ENP_RETURN_IF_ERROR(loadKey(config, *signer));
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
