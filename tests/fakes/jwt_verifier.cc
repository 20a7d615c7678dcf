#include "jwt_verifier.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "jws_base64url.h"

namespace fakes {
namespace {

struct Deleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Deleter>;

Owned<EVP_PKEY> readPublicKey(const std::string& pem) {
  Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) {
    return nullptr;
  }
  return Owned<EVP_PKEY>(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
}

bool digestVerify(EVP_PKEY* key, std::string_view data, const unsigned char* sig, size_t len) {
  Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), sig, len, reinterpret_cast<const unsigned char*>(data.data()),
                          data.size()) == 1;
}

// JOSE ES256 is the fixed 64-byte R||S (RFC 7518 §3.4); EVP wants a DER ECDSA-Sig-Value.
std::optional<std::vector<unsigned char>> joseToDer(const std::string& sig) {
  Owned<ECDSA_SIG> ecdsa(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(sig.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(sig.data()) + 32, 32, nullptr);
  if (!ecdsa || !r || !s || ECDSA_SIG_set0(ecdsa.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(ecdsa.get(), &der);
  if (len <= 0) {
    return std::nullopt;
  }
  std::vector<unsigned char> out(der, der + len);
  OPENSSL_free(der);
  return out;
}

std::string verifySignature(const JwtExpectations& x, std::string_view signingInput,
                            const std::string& sig) {
  if (x.algorithm == JwsAlgorithm::kHS256) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int macLen = 0;
    if (HMAC(EVP_sha256(), x.key.data(), static_cast<int>(x.key.size()),
             reinterpret_cast<const unsigned char*>(signingInput.data()), signingInput.size(), mac,
             &macLen) == nullptr) {
      return "HMAC failed";
    }
    if (sig.size() != macLen || CRYPTO_memcmp(mac, sig.data(), macLen) != 0) {
      return "signature mismatch";
    }
    return {};
  }
  Owned<EVP_PKEY> key = readPublicKey(x.key);
  if (!key) {
    return "verifier key is not a PEM public key";
  }
  if (x.algorithm == JwsAlgorithm::kRS256) {
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
      return "verifier key is not RSA";
    }
    if (sig.size() != static_cast<size_t>(EVP_PKEY_get_size(key.get()))) {
      return "RS256 signature length is not the modulus length";
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(sig.data());
    return digestVerify(key.get(), signingInput, bytes, sig.size()) ? "" : "signature mismatch";
  }
  char group[64] = {};
  size_t groupLen = 0;
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_EC ||
      EVP_PKEY_get_group_name(key.get(), group, sizeof group, &groupLen) != 1 ||
      std::strcmp(group, "prime256v1") != 0) {
    return "verifier key is not an EC P-256 key";
  }
  if (sig.size() != 64) {
    return "ES256 signature must be 64 bytes R||S, got " + std::to_string(sig.size());
  }
  const auto der = joseToDer(sig);
  if (!der) {
    return "ES256 signature conversion failed";
  }
  return digestVerify(key.get(), signingInput, der->data(), der->size()) ? ""
                                                                         : "signature mismatch";
}

Poco::JSON::Object::Ptr parseObject(const std::string& json) {
  try {
    Poco::Dynamic::Var v = Poco::JSON::Parser().parse(json);
    if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
      return v.extract<Poco::JSON::Object::Ptr>();
    }
  } catch (const Poco::Exception&) {
    // Not JSON: reported by the caller.
  }
  return nullptr;
}

bool nonEmptyString(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  return o->has(key) && o->get(key).isString() && !o->getValue<std::string>(key).empty();
}

std::string checkHeader(const Poco::JSON::Object::Ptr& h, const JwtExpectations& x) {
  if (!nonEmptyString(h, "alg") || h->getValue<std::string>("alg") != toString(x.algorithm)) {
    return std::string("header alg is not ") + toString(x.algorithm);
  }
  if (h->has("typ")) {
    const Poco::Dynamic::Var typ = h->get("typ");
    if (!typ.isString() || Poco::icompare(typ.toString(), "JWT") != 0) {
      return "header typ is not JWT";
    }
  }
  if (h->has("crit")) {
    return "header crit is not supported";
  }
  if (!x.keyId.empty() &&
      (!h->has("kid") || !h->get("kid").isString() || h->getValue<std::string>("kid") != x.keyId)) {
    return "header kid is not " + x.keyId;
  }
  return {};
}

std::string checkClaims(const Poco::JSON::Object::Ptr& c, const JwtExpectations& x) {
  for (const char* key : {"iss", "sub", "jti"}) {
    if (!nonEmptyString(c, key)) {
      return std::string("claim ") + key + " missing or not a non-empty string";
    }
  }
  if (!x.issuer.empty() && c->getValue<std::string>("iss") != x.issuer) {
    return "claim iss is not " + x.issuer;
  }
  if (!c->has("aud")) {
    return "claim aud missing";
  }
  if (!x.audience.empty()) {
    bool found = false;
    if (Poco::JSON::Array::Ptr list = c->getArray("aud")) {
      for (size_t i = 0; i < list->size(); ++i) {
        found = found || (list->get(i).isString() && list->get(i).toString() == x.audience);
      }
    } else {
      found = c->get("aud").isString() && c->getValue<std::string>("aud") == x.audience;
    }
    if (!found) {
      return "claim aud does not contain " + x.audience;
    }
  }
  for (const char* key : {"iat", "exp"}) {
    if (!c->has(key) || !c->get(key).isInteger()) {
      return std::string("claim ") + key + " missing or not an integer (whole seconds)";
    }
  }
  const int64_t iat = c->getValue<int64_t>("iat");
  const int64_t exp = c->getValue<int64_t>("exp");
  if (exp <= iat) {
    return "claim exp is not after iat";
  }
  if (x.checkTime) {
    const int64_t now = x.now ? x.now()
                              : std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    if (exp + x.leeway.count() <= now) {
      return "token expired";
    }
    if (iat - x.leeway.count() > now) {
      return "claim iat is in the future";
    }
  }
  if (!c->getObject("notification")) {
    return "claim notification missing or not an object";
  }
  return {};
}

}  // namespace

const char* toString(JwsAlgorithm algorithm) {
  switch (algorithm) {
    case JwsAlgorithm::kHS256:
      return "HS256";
    case JwsAlgorithm::kRS256:
      return "RS256";
    case JwsAlgorithm::kES256:
      return "ES256";
  }
  return "HS256";
}

JwtVerdict verifyJwt(std::string_view compact, const JwtExpectations& x) {
  JwtVerdict verdict;
  const auto dot1 = compact.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : compact.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || compact.find('.', dot2 + 1) != std::string_view::npos) {
    verdict.error = "not a compact JWS (three dot-separated parts)";
    return verdict;
  }
  const auto header = base64UrlDecode(compact.substr(0, dot1));
  const auto claims = base64UrlDecode(compact.substr(dot1 + 1, dot2 - dot1 - 1));
  const auto signature = base64UrlDecode(compact.substr(dot2 + 1));
  if (!header || !claims || !signature) {
    verdict.error = "invalid base64url";
    return verdict;
  }
  verdict.jwt.headerJson = *header;
  verdict.jwt.claimsJson = *claims;
  verdict.jwt.header = parseObject(*header);
  verdict.jwt.claims = parseObject(*claims);
  if (!verdict.jwt.header || !verdict.jwt.claims) {
    verdict.error = "header or claims is not a JSON object";
    return verdict;
  }
  verdict.error = checkHeader(verdict.jwt.header, x);
  if (verdict.error.empty()) {
    verdict.error = verifySignature(x, compact.substr(0, dot2), *signature);
  }
  if (verdict.error.empty()) {
    verdict.error = checkClaims(verdict.jwt.claims, x);
  }
  verdict.ok = verdict.error.empty();
  return verdict;
}

}  // namespace fakes
