#include "fake_cns.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "jws/jws_keys.h"
#include "jws/jws_signer.h"

namespace fakes {
namespace {

using testsupport::EcSignatureForm;
using testsupport::generateKeyPair;
using testsupport::PemKeyPair;
using testsupport::signJws;

using namespace std::chrono_literals;

constexpr const char* kSecret = "a-shared-secret-of-32-bytes-long";

struct Reply {
  int status = 0;
  std::string body;
  std::string retryAfter;
};

Reply send(const FakeCns& cns, const std::string& body,
           const std::string& contentType = "application/jwt",
           const std::string& bearer = "cns-org-token") {
  const Poco::URI uri(cns.url());
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPath(),
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType(contentType);
  request.set("Authorization", "Bearer " + bearer);
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  Reply reply;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), reply.body);
  reply.status = static_cast<int>(response.getStatus());
  reply.retryAfter = response.get("Retry-After", "");
  return reply;
}

int64_t nowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string claims(const std::string& jti, const std::string& iat = "") {
  const int64_t now = nowSeconds();
  return R"({"iss":"org-42","aud":"cns","iat":)" + (iat.empty() ? std::to_string(now) : iat) +
         R"(,"exp":)" + std::to_string(now + 300) + R"(,"jti":")" + jti +
         R"(","sub":"device-token-1","notification":{"kind":"mail","from":{"name":"Bob",)"
         R"("address":"bob@contoso.com"},"subject":"Hi","snippet":"Hello","received":)"
         R"("2024-03-05T09:15:00Z","importance":"Normal","folderId":"inbox"}})";
}

FakeCnsOptions optionsFor(JwsAlgorithm alg, const std::string& key) {
  FakeCnsOptions options;
  options.jwt.algorithm = alg;
  options.jwt.key = key;
  options.jwt.issuer = "org-42";
  options.jwt.audience = "cns";
  options.jwt.keyId = "k1";
  return options;
}

std::string header(JwsAlgorithm alg) {
  return std::string(R"({"alg":")") + toString(alg) + R"(","typ":"JWT","kid":"k1"})";
}

TEST(FakeCns, AcceptsHs256Rs256Es256SignedWithRawOpenSsl) {
  for (const JwsAlgorithm alg :
       {JwsAlgorithm::kHS256, JwsAlgorithm::kRS256, JwsAlgorithm::kES256}) {
    SCOPED_TRACE(toString(alg));
    PemKeyPair keys{kSecret, kSecret};
    if (alg != JwsAlgorithm::kHS256) {
      keys = generateKeyPair(alg);
    }
    FakeCns cns(optionsFor(alg, keys.publicPem));
    const std::string token = signJws(alg, keys.privatePem, header(alg), claims("jti-1"));
    const Reply reply = send(cns, token);
    EXPECT_EQ(200, reply.status) << reply.body;
    ASSERT_TRUE(cns.waitForPushes(1, 5s));
    const CnsPush push = cns.pushes().at(0);
    EXPECT_EQ("jti-1", push.jti());
    EXPECT_EQ("device-token-1", push.sub());
    EXPECT_EQ("mail", push.notification()->getValue<std::string>("kind"));
    EXPECT_EQ(toString(alg), push.header->getValue<std::string>("alg"));
    EXPECT_EQ(token, push.raw);
  }
}

TEST(FakeCns, RejectsBadSignatureDerEs256AndFractionalIat) {
  const PemKeyPair ec = generateKeyPair(JwsAlgorithm::kES256);
  FakeCns cns(optionsFor(JwsAlgorithm::kES256, ec.publicPem));
  const PemKeyPair other = generateKeyPair(JwsAlgorithm::kES256);
  const auto h = header(JwsAlgorithm::kES256);
  EXPECT_EQ(400, send(cns, signJws(JwsAlgorithm::kES256, other.privatePem, h, claims("a"))).status);
  const Reply der = send(
      cns, signJws(JwsAlgorithm::kES256, ec.privatePem, h, claims("b"), EcSignatureForm::kDer));
  EXPECT_EQ(400, der.status);
  EXPECT_NE(std::string::npos, der.body.find("64 bytes")) << der.body;
  const Reply fractional = send(cns, signJws(JwsAlgorithm::kES256, ec.privatePem, h,
                                             claims("c", std::to_string(nowSeconds()) + ".25")));
  EXPECT_EQ(400, fractional.status);
  EXPECT_NE(std::string::npos, fractional.body.find("integer")) << fractional.body;
  const auto rejections = cns.rejections();
  ASSERT_EQ(3u, rejections.size());
  EXPECT_EQ("signature mismatch", rejections[0].reason);
  EXPECT_EQ(0u, cns.counters().accepted);
}

TEST(FakeCns, RejectsWrongBearerAndContentType) {
  FakeCns cns(optionsFor(JwsAlgorithm::kHS256, kSecret));
  const std::string token =
      signJws(JwsAlgorithm::kHS256, kSecret, header(JwsAlgorithm::kHS256), claims("x"));
  EXPECT_EQ(401, send(cns, token, "application/jwt", "someone-else").status);
  EXPECT_EQ(415, send(cns, token, "application/json").status);
  EXPECT_EQ(200, send(cns, token, "application/jwt; charset=utf-8").status);
  EXPECT_EQ(2u, cns.counters().rejected);
}

TEST(FakeCns, ScriptedFailuresThenSuccess) {
  FakeCns cns(optionsFor(JwsAlgorithm::kHS256, kSecret));
  cns.script(CnsScriptedAnswer::serviceUnavailable(), 2);
  cns.script(CnsScriptedAnswer::tooManyRequests(7));
  const std::string token =
      signJws(JwsAlgorithm::kHS256, kSecret, header(JwsAlgorithm::kHS256), claims("y"));
  EXPECT_EQ(503, send(cns, token).status);
  EXPECT_EQ(503, send(cns, token).status);
  const Reply limited = send(cns, token);
  EXPECT_EQ(429, limited.status);
  EXPECT_EQ("7", limited.retryAfter);
  EXPECT_EQ(200, send(cns, token).status);
  EXPECT_EQ(200, send(cns, token).status);
  const CnsCounters c = cns.counters();
  EXPECT_EQ(5u, c.requests);
  EXPECT_EQ(3u, c.scripted);
  EXPECT_EQ(2u, c.accepted);
  EXPECT_EQ(1u, c.duplicates);
  EXPECT_EQ(1u, cns.distinctJtis());
}

TEST(FakeCns, WaitForPushesWithLatencyAndConcurrency) {
  FakeCns cns(optionsFor(JwsAlgorithm::kHS256, kSecret));
  cns.setLatency(20ms);
  std::vector<std::future<int>> senders;
  for (int i = 0; i < 16; ++i) {
    senders.push_back(std::async(std::launch::async, [&cns, i] {
      return send(cns, signJws(JwsAlgorithm::kHS256, kSecret, header(JwsAlgorithm::kHS256),
                               claims("jti-" + std::to_string(i))))
          .status;
    }));
  }
  EXPECT_TRUE(cns.waitForPushes(16, 10s));
  for (auto& s : senders) {
    EXPECT_EQ(200, s.get());
  }
  EXPECT_EQ(16u, cns.distinctJtis());
}

}  // namespace
}  // namespace fakes
