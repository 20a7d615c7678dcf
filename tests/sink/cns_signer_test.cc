#include "enp/sink/cns/cns_signer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "Poco/JSON/Parser.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "enp/sink/payload.h"
#include "jws/jws_keys.h"
#include "jws/jws_signature.h"

namespace enp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;

const system_clock::time_point kNow =
    system_clock::time_point(seconds(1700000000)) + milliseconds(999);

const std::string& rsaPem() {
  static const std::string pem = testsupport::makeRsaPem(2048);
  return pem;
}

const std::string& ecPem() {
  static const std::string pem = testsupport::makeEcPem("P-256");
  return pem;
}

CnsConfig config(JwtAlgorithm algorithm, std::string key, std::string keyId = "key-1") {
  CnsConfig c;
  c.url = "https://cns.example.com/v1/notify";
  c.organizationId = "org-42";
  c.token = "cns-bearer";
  c.audience = "cns.example.com";
  c.algorithm = algorithm;
  c.key = std::move(key);
  c.keyId = std::move(keyId);
  return c;
}

CnsSignerPtr mustCreate(const CnsConfig& c) {
  Result<CnsSignerPtr> signer = CnsSigner::create(c);
  if (!signer.ok()) {
    ADD_FAILURE() << signer.error().toString();
    return nullptr;
  }
  return std::move(*signer);
}

Poco::JSON::Object::Ptr parse(const std::string& json) {
  return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr sampleClaim() {
  PushMail mail;
  mail.fromName = "Zoë Ünal";
  mail.fromAddress = "zoe@contoso.com";
  mail.subject = "Réunion \U0001F4C5 会議";
  mail.snippetSource = "Hello";
  return buildNotificationClaim(mail, true, {});
}

std::string signSample(const CnsSigner& signer) {
  return signer.sign("device-token-1", "jti-1", sampleClaim(), kNow);
}

const std::string kSecret = "0123456789abcdef0123456789abcdef";

TEST(JwtAlgorithm, NamesRoundTrip) {
  for (JwtAlgorithm a : {JwtAlgorithm::kHS256, JwtAlgorithm::kRS256, JwtAlgorithm::kES256}) {
    JwtAlgorithm parsed = JwtAlgorithm::kHS256;
    ASSERT_TRUE(parseJwtAlgorithm(toString(a), &parsed));
    EXPECT_EQ(a, parsed);
  }
  JwtAlgorithm parsed = JwtAlgorithm::kRS256;
  EXPECT_FALSE(parseJwtAlgorithm("none", &parsed));
  EXPECT_FALSE(parseJwtAlgorithm("hs256", &parsed));
  EXPECT_FALSE(parseJwtAlgorithm("ES384", &parsed));
  EXPECT_EQ(JwtAlgorithm::kRS256, parsed);
}

TEST(CnsSigner, Hs256VerifiesWithRawHmac) {
  CnsSignerPtr signer = mustCreate(config(JwtAlgorithm::kHS256, kSecret));
  testsupport::JwsParts jws = testsupport::splitJws(signSample(*signer)).value();
  EXPECT_EQ(32u, jws.signature.size());
  EXPECT_TRUE(testsupport::jwsVerifies(testsupport::JwsAlgorithm::kHS256, kSecret, jws));
  EXPECT_FALSE(testsupport::jwsVerifies(testsupport::JwsAlgorithm::kHS256, kSecret + "x", jws));
  jws.signingInput.back() ^= 1;
  EXPECT_FALSE(testsupport::jwsVerifies(testsupport::JwsAlgorithm::kHS256, kSecret, jws));
}

TEST(CnsSigner, Rs256VerifiesWithRawOpenSsl) {
  for (const std::string& pem : {rsaPem(), testsupport::makeRsaPem(2048, /*traditional=*/true)}) {
    CnsSignerPtr signer = mustCreate(config(JwtAlgorithm::kRS256, pem));
    ASSERT_NE(nullptr, signer);
    testsupport::JwsParts jws = testsupport::splitJws(signSample(*signer)).value();
    EXPECT_EQ(256u, jws.signature.size());
    EXPECT_TRUE(testsupport::jwsVerifies(testsupport::JwsAlgorithm::kRS256, pem, jws));
    jws.signingInput.back() ^= 1;
    EXPECT_FALSE(testsupport::jwsVerifies(testsupport::JwsAlgorithm::kRS256, pem, jws));
  }
}

TEST(CnsSigner, Es256IsJoseRawRAndSAndVerifiesWithRawOpenSsl) {
  // What `openssl ecparam -genkey -name prime256v1` writes: a parameters block, then the key.
  const std::string withParameters =
      "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" +
      testsupport::makeEcPem("P-256", /*traditional=*/true);
  for (const std::string& pem : {ecPem(), withParameters}) {
    CnsSignerPtr signer = mustCreate(config(JwtAlgorithm::kES256, pem));
    ASSERT_NE(nullptr, signer);
    // Many signatures, so that some R or S has leading zero bytes (Poco must pad them).
    for (int i = 0; i < 64; ++i) {
      const std::string token =
          signer->sign("dev", "jti-" + std::to_string(i), sampleClaim(), kNow);
      testsupport::JwsParts jws = testsupport::splitJws(token).value();
      ASSERT_EQ(64u, jws.signature.size()) << token;
      EXPECT_TRUE(testsupport::jwsVerifies(testsupport::JwsAlgorithm::kES256, pem, jws)) << token;
    }
    testsupport::JwsParts jws = testsupport::splitJws(signSample(*signer)).value();
    jws.signingInput.back() ^= 1;
    EXPECT_FALSE(testsupport::jwsVerifies(testsupport::JwsAlgorithm::kES256, pem, jws));
  }
}

TEST(CnsSigner, Es256PadsShortRAndS) {
  // About 1 signature in 128 has an R or S below 2^248; Poco must left-pad it to 32 bytes.
  CnsSignerPtr signer = mustCreate(config(JwtAlgorithm::kES256, ecPem()));
  bool sawPadding = false;
  for (int i = 0; i < 4000 && !sawPadding; ++i) {
    const testsupport::JwsParts jws =
        testsupport::splitJws(signer->sign("dev", std::to_string(i), sampleClaim(), kNow)).value();
    ASSERT_EQ(64u, jws.signature.size());
    if (jws.signature[0] == 0 || jws.signature[32] == 0) {
      sawPadding = true;
      EXPECT_TRUE(testsupport::jwsVerifies(testsupport::JwsAlgorithm::kES256, ecPem(), jws));
    }
  }
  EXPECT_TRUE(sawPadding);
}

TEST(CnsSigner, HeaderHasAlgKidAndTyp) {
  struct Case {
    JwtAlgorithm algorithm;
    std::string key;
  };
  for (const Case& c : {Case{JwtAlgorithm::kHS256, kSecret}, Case{JwtAlgorithm::kRS256, rsaPem()},
                        Case{JwtAlgorithm::kES256, ecPem()}}) {
    CnsSignerPtr signer = mustCreate(config(c.algorithm, c.key, "kid-7"));
    ASSERT_NE(nullptr, signer);
    const std::string header = testsupport::splitJws(signSample(*signer)).value().header;
    EXPECT_EQ(
        std::string(R"({"alg":")") + toString(c.algorithm) + R"(","kid":"kid-7","typ":"JWT"})",
        header);
  }
}

TEST(CnsSigner, NoKidWhenKeyIdIsEmpty) {
  CnsSignerPtr signer = mustCreate(config(JwtAlgorithm::kHS256, kSecret, ""));
  EXPECT_EQ(R"({"alg":"HS256","typ":"JWT"})",
            testsupport::splitJws(signSample(*signer)).value().header);
}

TEST(CnsSigner, ClaimsWithWholeSecondTimes) {
  CnsSignerPtr signer = mustCreate(config(JwtAlgorithm::kES256, ecPem()));
  const std::string payload = testsupport::splitJws(signSample(*signer)).value().payload;
  // iat is now (…:00.999) floored; exp = iat + 300; both plain integers.
  EXPECT_NE(std::string::npos, payload.find(R"("iat":1700000000,)")) << payload;
  EXPECT_NE(std::string::npos, payload.find(R"("exp":1700000300,)")) << payload;
  Poco::JSON::Object::Ptr claims = parse(payload);
  EXPECT_TRUE(claims->get("iat").isInteger());
  EXPECT_TRUE(claims->get("exp").isInteger());
  EXPECT_EQ("org-42", claims->getValue<std::string>("iss"));
  EXPECT_EQ("cns.example.com", claims->getValue<std::string>("aud"));
  EXPECT_EQ("jti-1", claims->getValue<std::string>("jti"));
  EXPECT_EQ("device-token-1", claims->getValue<std::string>("sub"));
  Poco::JSON::Object::Ptr notification = claims->getObject("notification");
  ASSERT_FALSE(notification.isNull());
  EXPECT_EQ("Réunion \U0001F4C5 会議", notification->getValue<std::string>("subject"));
  EXPECT_EQ("Zoë Ünal", notification->getObject("from")->getValue<std::string>("name"));
  EXPECT_EQ(7u, claims->size());  // iss aud iat exp jti sub notification
}

TEST(CnsSigner, PocoSetIssuedAtWouldWriteAFraction) {
  // Why CnsSigner sets iat/exp itself: Poco stores Timestamps as double seconds.
  Poco::JWT::Token token;
  token.setIssuedAt(Poco::Timestamp(1700000000LL * 1000000 + 500000));
  Poco::JWT::Signer signer(kSecret);
  const std::string payload = testsupport::splitJws(signer.sign(token, "HS256")).value().payload;
  EXPECT_EQ(R"({"iat":1700000000.5})", payload);
}

TEST(CnsSigner, LifetimeIsConfigurable) {
  CnsConfig c = config(JwtAlgorithm::kHS256, kSecret);
  c.lifetimeSeconds = 60;
  CnsSignerPtr signer = mustCreate(c);
  Poco::JSON::Object::Ptr claims =
      parse(testsupport::splitJws(signSample(*signer)).value().payload);
  EXPECT_EQ(1700000060, claims->getValue<Poco::Int64>("exp"));
}

TEST(CnsSigner, SignsFromManyThreads) {
  CnsSignerPtr es = mustCreate(config(JwtAlgorithm::kES256, ecPem()));
  CnsSignerPtr rs = mustCreate(config(JwtAlgorithm::kRS256, rsaPem()));
  CnsSignerPtr hs = mustCreate(config(JwtAlgorithm::kHS256, kSecret));
  std::vector<std::vector<std::string>> tokens(6);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < tokens.size(); ++t) {
    threads.emplace_back([&, t] {
      const CnsSigner& signer = t % 3 == 0 ? *es : (t % 3 == 1 ? *rs : *hs);
      for (int i = 0; i < 40; ++i) {
        tokens[t].push_back(signer.sign("dev", std::to_string(i), sampleClaim(), kNow));
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (size_t t = 0; t < tokens.size(); ++t) {
    for (const std::string& token : tokens[t]) {
      const testsupport::JwsParts jws = testsupport::splitJws(token).value();
      const bool ok =
          t % 3 == 0   ? testsupport::jwsVerifies(testsupport::JwsAlgorithm::kES256, ecPem(), jws)
          : t % 3 == 1 ? testsupport::jwsVerifies(testsupport::JwsAlgorithm::kRS256, rsaPem(), jws)
                       : testsupport::jwsVerifies(testsupport::JwsAlgorithm::kHS256, kSecret, jws);
      EXPECT_TRUE(ok) << t;
    }
  }
}

// create() must fail with a message naming the field and never quoting the key.
void expectRejected(const CnsConfig& c, const std::string& expectedPart) {
  const Result<CnsSignerPtr> signer = CnsSigner::create(c);
  ASSERT_FALSE(signer.ok());
  EXPECT_EQ(signer.error().code(), StatusCode::kInvalid);
  const std::string& error = signer.error().message();
  EXPECT_NE(std::string::npos, error.find(expectedPart)) << error;
  if (c.key.size() > 8) {
    for (size_t i = 0; i + 8 <= c.key.size(); i += 4) {
      const std::string piece = c.key.substr(i, 8);
      if (piece.find("-----") == std::string::npos && piece.find("KEY") == std::string::npos &&
          piece.find("PRIV") == std::string::npos && piece.find(' ') == std::string::npos) {
        ASSERT_EQ(std::string::npos, error.find(piece)) << error;
      }
    }
  }
}

TEST(CnsSigner, RejectsBadKeysWithoutQuotingThem) {
  expectRejected(config(JwtAlgorithm::kHS256, "tooShortSecretValue"), "at least 32 bytes");
  const std::string garbage =
      "-----BEGIN PRIVATE KEY-----\nMIIEvQSECRETSECRETSECRETmaterialXYZ\n-----END PRIVATE "
      "KEY-----\n";
  expectRejected(config(JwtAlgorithm::kRS256, garbage), "cns.key:");
  expectRejected(config(JwtAlgorithm::kES256, garbage), "cns.key:");
  expectRejected(config(JwtAlgorithm::kRS256, "not a pem at all but a long secret"), "cns.key:");
  expectRejected(config(JwtAlgorithm::kRS256, ecPem()), "cns.key:");
  expectRejected(config(JwtAlgorithm::kES256, rsaPem()), "cns.key:");
  expectRejected(config(JwtAlgorithm::kES256, testsupport::makeEcPem("P-384")), "P-256");
  expectRejected(config(JwtAlgorithm::kRS256, testsupport::makeRsaPem(1024)), "2048 bits");
  expectRejected(config(JwtAlgorithm::kRS256, testsupport::makeRsaPem(2048, false, "pass phrase")),
                 "unencrypted");
}

TEST(CnsSigner, RejectsIncompleteConfig) {
  CnsConfig c = config(JwtAlgorithm::kHS256, kSecret);
  c.organizationId.clear();
  expectRejected(c, "cns.organizationId");
  c = config(JwtAlgorithm::kHS256, kSecret);
  c.audience.clear();
  expectRejected(c, "cns.audience");
  expectRejected(config(JwtAlgorithm::kHS256, ""), "cns.key");
  c = config(JwtAlgorithm::kHS256, kSecret);
  c.lifetimeSeconds = 0;
  expectRejected(c, "cns.lifetimeSeconds");
}

}  // namespace
}  // namespace enp
