#include "enp/sink/cns/cns_client.h"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <string>
#include <vector>

#include "Poco/JSON/Parser.h"
#include "fake_transport.h"
#include "jws/jws_keys.h"
#include "jws/jws_signature.h"

namespace enp {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;
using Outcome = SinkResult::Outcome;

// 2023-11-14T22:13:20Z.
const system_clock::time_point kNow = system_clock::time_point(seconds(1700000000));
const std::string kSecret = "0123456789abcdef0123456789abcdef";
const std::string kUrl = "https://cns.example.com/v1/notify";
const std::string kBearer = "cns-bearer-TOKEN-abc";

using FakeTransport = testsupport::ScriptedTransport;

std::string headerOf(const ews::HttpRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) {
      return value;
    }
  }
  return "<absent>";
}

class CnsClientTest : public ::testing::Test {
 protected:
  CnsClientTest() {
    CnsConfig config;
    config.organizationId = "org-42";
    config.audience = "cns.example.com";
    config.algorithm = JwtAlgorithm::kHS256;
    config.key = kSecret;
    Result<CnsSignerPtr> signer = CnsSigner::create(config);
    EXPECT_TRUE(signer.ok()) << signer.error().toString();
    signer_ = std::move(*signer);
    sink_ = std::make_unique<CnsClient>(transport_, *signer_, kUrl, kBearer);
  }

  SinkResult deliver() {
    Poco::JSON::Object::Ptr notification = new Poco::JSON::Object;
    notification->set("kind", std::string("mail"));
    notification->set("subject", std::string("Top secret merger"));
    return sink_->deliver("device-1", "jti-1", notification, kNow);
  }

  SinkResult deliverWith(long status, ews::Headers headers = {}) {
    transport_.replyWith(status, std::move(headers), "{\"echo\":\"Top secret merger\"}");
    return deliver();
  }

  FakeTransport transport_;
  CnsSignerPtr signer_;
  std::unique_ptr<CnsClient> sink_;
};

TEST_F(CnsClientTest, PostsTheJwsWithBearerTokenAndContentType) {
  const SinkResult result = deliverWith(200);
  EXPECT_EQ(Outcome::kDelivered, result.outcome);
  EXPECT_EQ(200, result.httpStatus);
  ASSERT_EQ(1u, transport_.requests.size());
  const ews::HttpRequest& request = transport_.requests[0];
  EXPECT_EQ(kUrl, request.url);
  EXPECT_EQ("Bearer " + kBearer, headerOf(request, "Authorization"));
  EXPECT_EQ("application/jwt", headerOf(request, "Content-Type"));
  const testsupport::JwsParts jws = testsupport::splitJws(request.body).value();
  EXPECT_TRUE(testsupport::jwsVerifies(testsupport::JwsAlgorithm::kHS256, kSecret, jws));
  Poco::JSON::Object::Ptr claims =
      Poco::JSON::Parser().parse(jws.payload).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ("device-1", claims->getValue<std::string>("sub"));
  EXPECT_EQ("jti-1", claims->getValue<std::string>("jti"));
  EXPECT_EQ(1700000000, claims->getValue<Poco::Int64>("iat"));
}

TEST_F(CnsClientTest, SuccessStatusesAreDelivered) {
  for (long status : {200L, 201L, 202L, 204L}) {
    EXPECT_EQ(Outcome::kDelivered, deliverWith(status).outcome) << status;
  }
}

TEST_F(CnsClientTest, ClientErrorsAreDeadLettered) {
  for (long status : {400L, 401L, 403L, 404L, 405L, 410L, 413L, 415L, 422L, 301L, 302L}) {
    const SinkResult result = deliverWith(status, {{"Retry-After", "5"}});
    EXPECT_EQ(Outcome::kDeadLetter, result.outcome) << status;
    EXPECT_EQ(status, result.httpStatus);
    EXPECT_EQ(milliseconds(0), result.retryAfter) << status;
    EXPECT_EQ(0u, result.detail.rfind("CNS answered HTTP " + std::to_string(status), 0))
        << result.detail;
  }
}

TEST_F(CnsClientTest, TimeoutsThrottlingAndServerErrorsAreRetried) {
  for (long status : {408L, 429L, 500L, 502L, 503L, 504L}) {
    const SinkResult result = deliverWith(status);
    EXPECT_EQ(Outcome::kRetry, result.outcome) << status;
    EXPECT_EQ(status, result.httpStatus);
    EXPECT_EQ(milliseconds(0), result.retryAfter) << status;  // 0 = use backoffDelay().
  }
}

TEST_F(CnsClientTest, RetryAfterSecondsIsHonoured) {
  const SinkResult result = deliverWith(429, {{"retry-after", " 120 "}});
  EXPECT_EQ(Outcome::kRetry, result.outcome);
  EXPECT_EQ(milliseconds(seconds(120)), result.retryAfter);
  EXPECT_EQ("CNS answered HTTP 429, Retry-After 120 s", result.detail);
}

TEST_F(CnsClientTest, RetryAfterHttpDateIsRelativeToNow) {
  const SinkResult result = deliverWith(503, {{"Retry-After", "Tue, 14 Nov 2023 22:14:50 GMT"}});
  EXPECT_EQ(Outcome::kRetry, result.outcome);
  EXPECT_EQ(milliseconds(seconds(90)), result.retryAfter);
}

TEST_F(CnsClientTest, RetryAfterIsCappedAndBadValuesIgnored) {
  EXPECT_EQ(kMaxRetryAfter, deliverWith(503, {{"Retry-After", "86400"}}).retryAfter);
  EXPECT_EQ(kMaxRetryAfter,
            deliverWith(503, {{"Retry-After", "Fri, 01 Jan 2100 00:00:00 GMT"}}).retryAfter);
  EXPECT_EQ(milliseconds(0),
            deliverWith(503, {{"Retry-After", "Tue, 14 Nov 2023 22:00:00 GMT"}}).retryAfter);
  const SinkResult bad = deliverWith(503, {{"Retry-After", "soon"}});
  EXPECT_EQ(Outcome::kRetry, bad.outcome);
  EXPECT_EQ(milliseconds(0), bad.retryAfter);
  EXPECT_EQ("CNS answered HTTP 503, unreadable Retry-After ignored", bad.detail);
}

TEST_F(CnsClientTest, TransportErrorIsRetried) {
  const SinkResult result = deliver();  // Nothing scripted: the fake cannot connect.
  EXPECT_EQ(Outcome::kRetry, result.outcome);
  EXPECT_EQ(0, result.httpStatus);
  EXPECT_EQ(milliseconds(0), result.retryAfter);
  EXPECT_EQ("no answer from CNS: CURLE_COULDNT_CONNECT", result.detail);
  EXPECT_EQ(1u, transport_.requests.size());
}

TEST_F(CnsClientTest, DetailHoldsNoSecretsNoContentNoBody) {
  for (long status : {200L, 400L, 401L, 429L, 503L}) {
    const std::string detail = deliverWith(status, {{"Retry-After", "3"}}).detail;
    EXPECT_EQ(std::string::npos, detail.find(kBearer)) << detail;
    EXPECT_EQ(std::string::npos, detail.find("Top secret")) << detail;
    EXPECT_EQ(std::string::npos, detail.find("echo")) << detail;
  }
}

TEST_F(CnsClientTest, ARefusalCarriesCnsReasonAndTheSettingItPointsAt) {
  transport_.replyWith(401, {{"Content-Type", "application/json"}},
                       R"({"error":"invalid_token","error_description":"bad audience"})");
  const SinkResult result = deliver();
  EXPECT_EQ(result.outcome, Outcome::kDeadLetter);
  EXPECT_EQ(result.refusal.reason, "invalid_token: bad audience");
  EXPECT_EQ(result.refusal.setting, "audience");
  EXPECT_EQ(result.detail, "CNS answered HTTP 401 (invalid_token: bad audience); check: Audience");
}

TEST(RetryAfter, DeltaSeconds) {
  EXPECT_EQ(milliseconds(0), parseRetryAfter("0", kNow));
  EXPECT_EQ(milliseconds(30000), parseRetryAfter("\t30 ", kNow));
  EXPECT_EQ(kMaxRetryAfter, parseRetryAfter("3601", kNow));
  EXPECT_EQ(kMaxRetryAfter, parseRetryAfter("99999999999999999999999", kNow));
}

TEST(RetryAfter, HttpDateForms) {
  EXPECT_EQ(milliseconds(seconds(90)), parseRetryAfter("Tue, 14 Nov 2023 22:14:50 GMT", kNow));
  EXPECT_EQ(milliseconds(seconds(90)), parseRetryAfter("Tuesday, 14-Nov-23 22:14:50 GMT", kNow));
  EXPECT_EQ(milliseconds(seconds(90)), parseRetryAfter("Tue Nov 14 22:14:50 2023", kNow));
  EXPECT_EQ(milliseconds(0), parseRetryAfter("Mon, 13 Nov 2023 22:14:50 GMT", kNow));
}

TEST(RetryAfter, MalformedValues) {
  for (const char* value : {"", "   ", "-5", "1.5", "5s", "soon", "Tue, 14 Nov 2023",
                            "Tue, 14 Nov 2023 22:14:50 +0200", "Tue, 31 Feb 2023 22:14:50 GMT"}) {
    EXPECT_FALSE(parseRetryAfter(value, kNow).has_value()) << value;
  }
}

TEST(SinkOutcome, Names) {
  EXPECT_STREQ("delivered", toString(Outcome::kDelivered));
  EXPECT_STREQ("retry", toString(Outcome::kRetry));
  EXPECT_STREQ("dead-letter", toString(Outcome::kDeadLetter));
}

}  // namespace
}  // namespace enp
