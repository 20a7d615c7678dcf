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
#include "jws_check.h"

namespace enp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;

const system_clock::time_point kNow =
    system_clock::time_point(seconds(1700000000)) + milliseconds(999);

const std::string& rsaPem() {
  static const std::string pem = testing::makeRsaPem(2048);
  return pem;
}

const std::string& ecPem() {
  static const std::string pem = testing::makeEcPem("P-256");
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
  testing::JwsParts jws = testing::splitJws(signSample(*signer));
  EXPECT_EQ(32u, jws.signature.size());
  EXPECT_TRUE(testing::verifyHs256(jws, kSecret));
  EXPECT_FALSE(testing::verifyHs256(jws, kSecret + "x"));
  jws.signingInput.back() ^= 1;
  EXPECT_FALSE(testing::verifyHs256(jws, kSecret));
}

TEST(CnsSigner, Rs256VerifiesWithRawOpenSsl) {
  for (const std::string& pem : {rsaPem(), testing::makeRsaPem(2048, /*traditional=*/true)}) {
    CnsSignerPtr signer = mustCreate(config(JwtAlgorithm::kRS256, pem));
    ASSERT_NE(nullptr, signer);
    testing::JwsParts jws = testing::splitJws(signSample(*signer));
    EXPECT_EQ(256u, jws.signature.size());
    EXPECT_TRUE(testing::verifyRs256(jws, pem));
    jws.signingInput.back() ^= 1;
    EXPECT_FALSE(testing::verifyRs256(jws, pem));
  }
}

TEST(CnsSigner, Es256IsJoseRawRAndSAndVerifiesWithRawOpenSsl) {
  // What `openssl ecparam -genkey -name prime256v1` writes: a parameters block, then the key.
  const std::string withParameters =
      "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" +
      testing::makeEcPem("P-256", /*traditional=*/true);
  for (const std::string& pem : {ecPem(), withParameters}) {
    CnsSignerPtr signer = mustCreate(config(JwtAlgorithm::kES256, pem));
    ASSERT_NE(nullptr, signer);
    // Many signatures, so that some R or S has leading zero bytes (Poco must pad them).
    for (int i = 0; i < 64; ++i) {
      const std::string token =
          signer->sign("dev", "jti-" + std::to_string(i), sampleClaim(), kNow);
      testing::JwsParts jws = testing::splitJws(token);
      ASSERT_EQ(64u, jws.signature.size()) << token;
      EXPECT_TRUE(testing::verifyEs256(jws, pem)) << token;
    }
    testing::JwsParts jws = testing::splitJws(signSample(*signer));
    jws.signingInput.back() ^= 1;
    EXPECT_FALSE(testing::verifyEs256(jws, pem));
  }
}

TEST(CnsSigner, Es256PadsShortRAndS) {
  // About 1 signature in 128 has an R or S below 2^248; Poco must left-pad it to 32 bytes.
  CnsSignerPtr signer = mustCreate(config(JwtAlgorithm::kES256, ecPem()));
  bool sawPadding = false;
  for (int i = 0; i < 4000 && !sawPadding; ++i) {
    const testing::JwsParts jws =
        testing::splitJws(signer->sign("dev", std::to_string(i), sampleClaim(), kNow));
    ASSERT_EQ(64u, jws.signature.size());
    if (jws.signature[0] == 0 || jws.signature[32] == 0) {
      sawPadding = true;
      EXPECT_TRUE(testing::verifyEs256(jws, ecPem()));
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
    const std::string header = testing::splitJws(signSample(*signer)).header;
    EXPECT_EQ(
        std::string(R"({"alg":")") + toString(c.algorithm) + R"(","kid":"kid-7","typ":"JWT"})",
        header);
  }
}

TEST(CnsSigner, NoKidWhenKeyIdIsEmpty) {
  CnsSignerPtr signer = mustCreate(config(JwtAlgorithm::kHS256, kSecret, ""));
  EXPECT_EQ(R"({"alg":"HS256","typ":"JWT"})", testing::splitJws(signSample(*signer)).header);
}

TEST(CnsSigner, ClaimsWithWholeSecondTimes) {
  CnsSignerPtr signer = mustCreate(config(JwtAlgorithm::kES256, ecPem()));
  const std::string payload = testing::splitJws(signSample(*signer)).payload;
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
  const std::string payload = testing::splitJws(signer.sign(token, "HS256")).payload;
  EXPECT_EQ(R"({"iat":1700000000.5})", payload);
}

TEST(CnsSigner, LifetimeIsConfigurable) {
  CnsConfig c = config(JwtAlgorithm::kHS256, kSecret);
  c.lifetimeSeconds = 60;
  CnsSignerPtr signer = mustCreate(c);
  Poco::JSON::Object::Ptr claims = parse(testing::splitJws(signSample(*signer)).payload);
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
      const testing::JwsParts jws = testing::splitJws(token);
      const bool ok = t % 3 == 0   ? testing::verifyEs256(jws, ecPem())
                      : t % 3 == 1 ? testing::verifyRs256(jws, rsaPem())
                                   : testing::verifyHs256(jws, kSecret);
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
  expectRejected(config(JwtAlgorithm::kES256, testing::makeEcPem("P-384")), "P-256");
  expectRejected(config(JwtAlgorithm::kRS256, testing::makeRsaPem(1024)), "2048 bits");
  expectRejected(config(JwtAlgorithm::kRS256, testing::makeRsaPem(2048, false, "pass phrase")),
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
