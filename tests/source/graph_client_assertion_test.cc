// The client assertion ENP signs in to Entra ID with, checked independently: the signature with
// raw OpenSSL (tests/support/jws), the certificate thumbprint from the PEM text itself.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "enp/source/graph/client_assertion.h"
#include "jws/base64url.h"
#include "jws/jws_keys.h"
#include "jws/jws_signature.h"
#include "status_matchers.h"

namespace enp {
namespace {

const std::string kTokenUrl =
    "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token";
const std::string kClientId = "6731de76-14a6-49ae-97bc-6eba6914391e";

// base64url(SHA-256(DER)), the DER taken from the PEM body without any X.509 library.
std::string thumbprintOf(const std::string& pem) {
  const std::string begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----";
  std::string body = pem.substr(pem.find(begin) + begin.size());
  body.resize(body.find(end));
  std::erase_if(body, [](char c) { return c == '\n' || c == '\r'; });
  std::string der(body.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(der.data()),
                                reinterpret_cast<const unsigned char*>(body.data()),
                                static_cast<int>(body.size()));
  der.resize(static_cast<size_t>(n) - (body.ends_with("==") ? 2 : body.ends_with("=") ? 1 : 0));
  unsigned char digest[32];
  unsigned int length = 0;
  EVP_Digest(der.data(), der.size(), digest, &length, EVP_sha256(), nullptr);
  return testsupport::base64UrlEncode(std::string_view(reinterpret_cast<char*>(digest), length));
}

class ClientAssertionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    key_ = new std::string(testsupport::makeRsaPem(2048));
    cert_ = new std::string(testsupport::makeSelfSignedCertificate(*key_, "enp-graph"));
  }
  static std::string* key_;
  static std::string* cert_;
};
std::string* ClientAssertionTest::key_ = nullptr;
std::string* ClientAssertionTest::cert_ = nullptr;

TEST_F(ClientAssertionTest, IsAnRs256JwtNamingTheCertificateWithEntraIdsClaims) {
  auto assertion = testsupport::valueOf(ClientAssertion::fromPem(*cert_, *key_));
  const auto now = std::chrono::system_clock::time_point(std::chrono::milliseconds(1796040000789));
  const std::string jwt = assertion->sign(kClientId, kTokenUrl, "jti-1", now);
  const auto parts = testsupport::splitJws(jwt);
  ASSERT_TRUE(parts);
  EXPECT_TRUE(testsupport::jwsVerifies(testsupport::JwsAlgorithm::kRS256, *key_, *parts));
  auto header = Poco::JSON::Parser().parse(parts->header).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(header->getValue<std::string>("alg"), "RS256");
  EXPECT_EQ(header->getValue<std::string>("typ"), "JWT");
  EXPECT_EQ(header->getValue<std::string>("x5t#S256"), thumbprintOf(*cert_));
  EXPECT_EQ(assertion->thumbprint(), thumbprintOf(*cert_));
  auto claims = Poco::JSON::Parser().parse(parts->payload).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(claims->getValue<std::string>("aud"), kTokenUrl);
  EXPECT_EQ(claims->getValue<std::string>("iss"), kClientId);
  EXPECT_EQ(claims->getValue<std::string>("sub"), kClientId);
  EXPECT_EQ(claims->getValue<std::string>("jti"), "jti-1");
  // Whole seconds, floored, as JSON integers; valid for 10 minutes.
  EXPECT_EQ(parts->payload.find("\"nbf\":1796040000,"), parts->payload.find("\"nbf\""));
  EXPECT_EQ(claims->getValue<Poco::Int64>("nbf"), 1796040000);
  EXPECT_EQ(claims->getValue<Poco::Int64>("exp"), 1796040600);
  // A different key does not verify it.
  const std::string other = testsupport::makeRsaPem(2048);
  EXPECT_FALSE(testsupport::jwsVerifies(testsupport::JwsAlgorithm::kRS256, other, *parts));
}

TEST_F(ClientAssertionTest, AKeyThatIsNotTheCertificatesIsRefusedInPlainWords) {
  const std::string other = testsupport::makeRsaPem(2048);
  auto refused = ClientAssertion::fromPem(*cert_, other);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message().rfind("keyFile: not the private key of the certificate", 0),
            0u);
  EXPECT_EQ(refused.error().message().find("PRIVATE"), std::string::npos);
}

TEST_F(ClientAssertionTest, UnusableFilesAreNamed) {
  EXPECT_EQ(ClientAssertion::fromPem("not a certificate", *key_).error().message(),
            "certFile: not a PEM certificate (expected \"-----BEGIN CERTIFICATE-----\")");
  EXPECT_EQ(ClientAssertion::fromPem(*cert_, testsupport::makeRsaPem(2048, false, "passphrase"))
                .error()
                .message()
                .rfind("keyFile: not a readable unencrypted PEM RS256 private key", 0),
            0u);
  EXPECT_EQ(ClientAssertion::fromPem(*cert_, testsupport::makeRsaPem(1024)).error().message(),
            "keyFile: the RSA key must have at least 2048 bits");
  EXPECT_EQ(ClientAssertion::fromFiles("/nonexistent/graph.pem", "/nonexistent/graph.key")
                .error()
                .message(),
            "certFile /nonexistent/graph.pem: cannot be read");
}

}  // namespace
}  // namespace enp
