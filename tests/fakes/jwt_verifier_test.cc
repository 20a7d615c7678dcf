#include "jwt_verifier.h"

#include <gtest/gtest.h>

#include "jws/base64url.h"
#include "jws/jws_keys.h"
#include "jws/jws_signer.h"

namespace fakes {
namespace {

using testsupport::base64UrlDecode;
using testsupport::base64UrlEncode;
using testsupport::generateKeyPair;
using testsupport::PemKeyPair;
using testsupport::signJws;

constexpr int64_t kNow = 1709630100;

JwtExpectations hs256() {
  JwtExpectations x;
  x.algorithm = JwsAlgorithm::kHS256;
  x.key = "secret";
  x.now = [] { return kNow; };
  return x;
}

std::string claims(const std::string& extra = "") {
  return R"({"iss":"org","aud":["cns","other"],"iat":1709630000,"exp":1709630300,"jti":"j",)"
         R"("sub":"d","notification":{"kind":"generic","count":2})" +
         extra + "}";
}

std::string hsToken(const std::string& header, const std::string& body) {
  return signJws(JwsAlgorithm::kHS256, "secret", header, body);
}

TEST(Base64Url, StrictDecoding) {
  EXPECT_EQ("hello", base64UrlDecode("aGVsbG8").value());
  EXPECT_EQ("aGVsbG8", base64UrlEncode("hello"));
  EXPECT_FALSE(base64UrlDecode("aGVsbG8="));  // Padding.
  EXPECT_FALSE(base64UrlDecode("aGVs+G8"));   // Standard alphabet.
  EXPECT_FALSE(base64UrlDecode("aGVsbG9"));   // Non-zero unused bits.
  EXPECT_FALSE(base64UrlDecode("a"));         // Length 1 mod 4.
  EXPECT_EQ(std::string("\xfb\xff", 2), base64UrlDecode("-_8").value());
}

TEST(JwtVerifier, AcceptsAValidTokenAndChecksAudience) {
  JwtExpectations x = hs256();
  x.audience = "cns";
  x.issuer = "org";
  const JwtVerdict v = verifyJwt(hsToken(R"({"alg":"HS256","typ":"JWT"})", claims()), x);
  EXPECT_TRUE(v.ok) << v.error;
  EXPECT_EQ(2, v.jwt.claims->getObject("notification")->getValue<int>("count"));
  x.audience = "elsewhere";
  EXPECT_EQ("claim aud does not contain elsewhere",
            verifyJwt(hsToken(R"({"alg":"HS256"})", claims()), x).error);
}

TEST(JwtVerifier, RejectsHeaderProblems) {
  JwtExpectations x = hs256();
  x.keyId = "k1";
  EXPECT_EQ("header kid is not k1", verifyJwt(hsToken(R"({"alg":"HS256"})", claims()), x).error);
  x.keyId.clear();
  EXPECT_EQ("header alg is not HS256", verifyJwt(hsToken(R"({"alg":"none"})", claims()), x).error);
  EXPECT_EQ("header typ is not JWT",
            verifyJwt(hsToken(R"({"alg":"HS256","typ":"JOSE+JSON"})", claims()), x).error);
  EXPECT_EQ("not a compact JWS (three dot-separated parts)", verifyJwt("a.b", x).error);
  const std::string token = hsToken(R"({"alg":"HS256"})", claims());
  EXPECT_EQ("invalid base64url", verifyJwt(token + "=", x).error);
}

TEST(JwtVerifier, AlgorithmConfusionIsRejected) {
  // An HS256 token "signed" with the RSA public key must not pass an RS256 verifier.
  const PemKeyPair rsa = generateKeyPair(JwsAlgorithm::kRS256);
  JwtExpectations x = hs256();
  x.algorithm = JwsAlgorithm::kRS256;
  x.key = rsa.publicPem;
  const std::string forged =
      signJws(JwsAlgorithm::kHS256, rsa.publicPem, R"({"alg":"HS256"})", claims());
  EXPECT_FALSE(verifyJwt(forged, x).ok);
  const std::string honest =
      signJws(JwsAlgorithm::kRS256, rsa.privatePem, R"({"alg":"RS256"})", claims());
  EXPECT_TRUE(verifyJwt(honest, x).ok) << verifyJwt(honest, x).error;
}

TEST(JwtVerifier, RejectsClaimProblems) {
  const JwtExpectations x = hs256();
  const std::string h = R"({"alg":"HS256"})";
  EXPECT_EQ("claim exp is not after iat",
            verifyJwt(hsToken(h, R"({"iss":"o","aud":"a","iat":5,"exp":5,"jti":"j","sub":"s",)"
                                 R"("notification":{}})"),
                      x)
                .error);
  EXPECT_EQ("claim iat missing or not an integer (whole seconds)",
            verifyJwt(hsToken(h, R"({"iss":"o","aud":"a","iat":1709630000.0,"exp":1709630300,)"
                                 R"("jti":"j","sub":"s","notification":{}})"),
                      x)
                .error);
  EXPECT_EQ("claim notification missing or not an object",
            verifyJwt(hsToken(h, R"({"iss":"o","aud":"a","iat":1709630000,"exp":1709630300,)"
                                 R"("jti":"j","sub":"s","notification":"x"})"),
                      x)
                .error);
  EXPECT_EQ("claim jti missing or not a non-empty string",
            verifyJwt(hsToken(h, R"({"iss":"o","aud":"a","iat":1709630000,"exp":1709630300,)"
                                 R"("sub":"s","notification":{}})"),
                      x)
                .error);
  JwtExpectations late = x;
  late.now = [] { return kNow + 3600; };
  EXPECT_EQ("token expired", verifyJwt(hsToken(h, claims()), late).error);
}

}  // namespace
}  // namespace fakes
