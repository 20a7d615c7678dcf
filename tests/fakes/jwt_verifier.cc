#include "jwt_verifier.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <optional>

#include "jws/base64url.h"
#include "jws/jws_signature.h"

namespace fakes {
namespace {

using testsupport::base64UrlDecode;

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
    verdict.error =
        testsupport::jwsSignatureError(x.algorithm, x.key, compact.substr(0, dot2), *signature);
  }
  if (verdict.error.empty()) {
    verdict.error = checkClaims(verdict.jwt.claims, x);
  }
  verdict.ok = verdict.error.empty();
  return verdict;
}

}  // namespace fakes
