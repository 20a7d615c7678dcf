// Tokens for Graph: what is sent to the token endpoint, and that a token is reused until shortly
// before it expires (a fake clock moves time, scripted upstreams answer).
#include <gtest/gtest.h>

#include "enp/source/graph/graph_client.h"
#include "enp/source/graph/token_provider.h"
#include "fake_clock.h"
#include "fake_transport.h"

namespace enp {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kAuthority = "https://login.example.net";
constexpr const char* kGraph = "https://graph.example.net";

GraphTenant tenant() {
  GraphTenant t;
  t.name = "online";
  t.tenantId = "contoso.onmicrosoft.com";
  t.clientId = "6731de76-14a6-49ae-97bc-6eba6914391e";
  t.auth = GraphTenant::Auth::kSecret;
  t.secret = "s3cr3t&value=1";
  t.authorityUrl = kAuthority;
  t.graphUrl = kGraph;
  return t;
}

class TokenProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    upstreams_.on(kAuthority, [this](const ews::HttpRequest&) {
      ++issued_;
      return testsupport::reply(200,
                                R"({"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,)"
                                R"("access_token":"token-)" +
                                    std::to_string(issued_) + R"("})");
    });
  }
  ews::TransportPtr transport(const ews::TransportOptions& o) {
    return upstreams_.makeTransport(o);
  }
  TransportFactory factory() {
    return [this](const ews::TransportOptions& o) { return transport(o); };
  }

  testsupport::FakeUpstreams upstreams_;
  testsupport::FakeClock clock_;
  int issued_ = 0;
};

TEST_F(TokenProviderTest, AsksTheTenantsTokenEndpointForGraphsDefaultScope) {
  TokenProvider tokens(factory(), clock_);
  auto t = tokens.token(tenant());
  ASSERT_TRUE(std::holds_alternative<std::string>(t));
  EXPECT_EQ(std::get<std::string>(t), "token-1");
  const auto sent = upstreams_.requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "POST");
  EXPECT_EQ(sent[0].url, "https://login.example.net/contoso.onmicrosoft.com/oauth2/v2.0/token");
  EXPECT_EQ(sent[0].body,
            "client_id=6731de76-14a6-49ae-97bc-6eba6914391e"
            "&scope=https%3A%2F%2Fgraph.example.net%2F.default&grant_type=client_credentials"
            "&client_secret=s3cr3t%26value%3D1");
}

TEST_F(TokenProviderTest, ATokenIsReusedUntilFiveMinutesBeforeItExpires) {
  TokenProvider tokens(factory(), clock_);
  EXPECT_EQ(std::get<std::string>(tokens.token(tenant())), "token-1");
  clock_.advance(minutes(54));
  EXPECT_EQ(std::get<std::string>(tokens.token(tenant())), "token-1");
  clock_.advance(seconds(60));  // 59 min 59 s lifetime, 5 min margin: due now
  EXPECT_EQ(std::get<std::string>(tokens.token(tenant())), "token-2");
  EXPECT_EQ(tokens.requestsForTest(), 2);
  // Another secret (the settings changed) is another token.
  GraphTenant changed = tenant();
  changed.secret = "another";
  EXPECT_EQ(std::get<std::string>(tokens.token(changed)), "token-3");
}

TEST_F(TokenProviderTest, AGraph401DropsTheTokenAndTriesOnceWithANewOne) {
  int calls = 0;
  upstreams_.on(kGraph, [&calls](const ews::HttpRequest& r) {
    ++calls;
    const bool fresh = r.headers.size() > 0 && r.headers[0].second == "Bearer token-2";
    return testsupport::reply(fresh ? 200 : 401, fresh ? R"({"id":"m"})" : "");
  });
  TokenProvider tokens(factory(), clock_);
  const GraphTenant t = tenant();
  GraphClient client(t, tokens, transport({}));
  auto reply = client.send("GET", "/v1.0/users/a%40b.c/messages/m");
  ASSERT_TRUE(std::holds_alternative<ews::HttpReply>(reply));
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(tokens.requestsForTest(), 2);
}

TEST_F(TokenProviderTest, ARefusedSecretIsAnAuthFailureInPlainWordsWithoutTheSecret) {
  upstreams_.on(kAuthority, [](const ews::HttpRequest&) {
    return testsupport::reply(
        401,
        R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x","error_codes":[7000215]})");
  });
  TokenProvider tokens(factory(), clock_);
  auto t = tokens.token(tenant());
  ASSERT_TRUE(std::holds_alternative<Failure>(t));
  const Failure& f = std::get<Failure>(t);
  EXPECT_EQ(f.kind, FailureKind::kAuth);
  EXPECT_EQ(f.detail, "token: 401 invalid_client: AADSTS7000215: Invalid client secret provided.");
  EXPECT_NE(f.advice.find("secret's Value"), std::string::npos);
  EXPECT_EQ((f.detail + f.advice).find("s3cr3t"), std::string::npos);
}

TEST_F(TokenProviderTest, UnreadableCertificateFilesAreNotConfigured) {
  GraphTenant t = tenant();
  t.auth = GraphTenant::Auth::kCertificate;
  t.certFile = "/nonexistent/graph.pem";
  t.keyFile = "/nonexistent/graph.key";
  TokenProvider tokens(factory(), clock_);
  auto r = tokens.token(t);
  ASSERT_TRUE(std::holds_alternative<Failure>(r));
  EXPECT_EQ(std::get<Failure>(r).kind, FailureKind::kNotConfigured);
  EXPECT_EQ(upstreams_.requests().size(), 0u);
}

}  // namespace
}  // namespace enp
