#include <Poco/Net/Context.h>
#include <Poco/Net/SSLManager.h>
#include <gtest/gtest.h>

#include <string>

#include "ews/transport.h"
#include "test_server.h"
#include "test_util.h"

namespace ews {
namespace {

using test::RecordedRequest;
using test::TempDir;
using test::TestHttpServer;

// A real HTTPS server with a self-signed certificate generated for this test run.
class TlsTransportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    curlGlobalInit();
    Poco::Net::initializeSSL();
  }
  static void TearDownTestSuite() { Poco::Net::uninitializeSSL(); }

  void SetUp() override {
    test::makeSelfSignedCert(dir_.path(), "server");
    test::makeSelfSignedCert(dir_.path(), "client");
  }

  // The server context; with requireClientCert it demands a certificate signed by client.pem.
  Poco::Net::Context::Ptr serverContext(bool requireClientCert) {
    return new Poco::Net::Context(
        Poco::Net::Context::SERVER_USE, dir_.file("server.key"), dir_.file("server.pem"),
        requireClientCert ? dir_.file("client.pem") : "",
        requireClientCert ? Poco::Net::Context::VERIFY_STRICT : Poco::Net::Context::VERIFY_NONE);
  }

  static void okHandler(const RecordedRequest& r, Poco::Net::HTTPServerResponse& response) {
    TestHttpServer::reply(response, 200, "secure:" + r.body);
  }

  static Result<HttpReply> post(const TestHttpServer& server, const TransportOptions& options) {
    HttpRequest r;
    r.url = server.url();
    r.body = "hello";
    r.headers = {{"Content-Type", "text/xml; charset=utf-8"}};
    return makeCurlTransport(options)->post(r);
  }

  TempDir dir_;
};

TEST_F(TlsTransportTest, VerifiesAgainstTheConfiguredCaFile) {
  TestHttpServer server(okHandler, serverContext(false));
  TransportOptions options;
  options.caFile = dir_.file("server.pem");
  Result<HttpReply> reply = post(server, options);
  ASSERT_TRUE(reply.ok()) << reply.error().describe();
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "secure:hello");
}

TEST_F(TlsTransportTest, UntrustedCertificateIsTransportError) {
  TestHttpServer server(okHandler, serverContext(false));
  Result<HttpReply> reply = post(server, {});  // System trust store only.
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(reply.error().code, "CURLE_PEER_FAILED_VERIFICATION");
  // The wrong CA (another self-signed certificate) fails the same way.
  TransportOptions wrongCa;
  wrongCa.caFile = dir_.file("client.pem");
  reply = post(server, wrongCa);
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, "CURLE_PEER_FAILED_VERIFICATION");
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(TlsTransportTest, VerificationCanBeTurnedOffForTests) {
  TestHttpServer server(okHandler, serverContext(false));
  TransportOptions options;
  options.verifyPeer = false;
  EXPECT_TRUE(post(server, options).ok());
}

TEST_F(TlsTransportTest, ClientCertificateAuthentication) {
  TestHttpServer server(okHandler, serverContext(true));
  TransportOptions options;
  options.caFile = dir_.file("server.pem");
  Result<HttpReply> without = post(server, options);
  ASSERT_FALSE(without.ok());
  EXPECT_EQ(without.error().kind, ErrorKind::kTransport);

  options.auth.type = Auth::Type::kCertificate;
  options.auth.certFile = dir_.file("client.pem");
  options.auth.keyFile = dir_.file("client.key");
  Result<HttpReply> with = post(server, options);
  ASSERT_TRUE(with.ok()) << with.error().describe();
  EXPECT_EQ(with->body, "secure:hello");
}

}  // namespace
}  // namespace ews
