#include <Poco/Event.h>
#include <Poco/Net/ServerSocket.h>
#include <gtest/gtest.h>

#include <string>

#include "ews/get_item.h"
#include "ews/transport.h"
#include "test_server.h"

namespace ews {
namespace {

using test::RecordedRequest;
using test::TestHttpServer;

class CurlTransportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { curlGlobalInit(); }

  static void okHandler(const RecordedRequest&, Poco::Net::HTTPServerResponse& response) {
    TestHttpServer::reply(response, 200, "<ok/>", {{"X-Echo", "yes"}});
  }

  HttpRequest request(const TestHttpServer& server, const std::string& body = "<x/>") {
    HttpRequest r;
    r.url = server.url();
    r.body = body;
    r.headers = {{"Content-Type", "text/xml; charset=utf-8"}};
    return r;
  }
};

TEST_F(CurlTransportTest, PostsBodyAndHeaders) {
  TestHttpServer server(okHandler);
  TransportPtr transport = makeCurlTransport({});
  HttpRequest r;
  r.url = server.url();
  const GetItemRequest getItem{"alice@contoso.com", ServerVersion::kExchange2013, {"id-1"}};
  r.body = buildGetItem(getItem);
  r.headers = getItemHeaders(getItem);
  Result<HttpReply> reply = transport->post(r);
  ASSERT_TRUE(reply.ok()) << reply.error().describe();
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "<ok/>");
  EXPECT_EQ(reply->header("x-echo"), "yes");
  const std::vector<RecordedRequest> seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].uri, "/EWS/Exchange.asmx");
  EXPECT_EQ(seen[0].body, r.body);
  EXPECT_EQ(seen[0].headers.at("content-type"), "text/xml; charset=utf-8");
  EXPECT_EQ(seen[0].headers.at("soapaction"),
            "http://schemas.microsoft.com/exchange/services/2006/messages/GetItem");
  EXPECT_EQ(seen[0].headers.at("x-anchormailbox"), "alice@contoso.com");
  EXPECT_EQ(seen[0].headers.count("expect"), 0u);
  EXPECT_EQ(seen[0].headers.count("authorization"), 0u);
}

TEST_F(CurlTransportTest, SendsBasicAuthorization) {
  TestHttpServer server(okHandler);
  TransportOptions options;
  options.auth.type = Auth::Type::kBasic;
  options.auth.username = "CONTOSO\\svc-enp";
  options.auth.password = "s3cret:pass";
  TransportPtr transport = makeCurlTransport(options);
  ASSERT_TRUE(transport->post(request(server)).ok());
  const std::vector<RecordedRequest> seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  // base64("CONTOSO\svc-enp:s3cret:pass")
  EXPECT_EQ(seen[0].headers.at("authorization"), "Basic Q09OVE9TT1xzdmMtZW5wOnMzY3JldDpwYXNz");
}

TEST_F(CurlTransportTest, NtlmStartsTheHandshake) {
  TestHttpServer server([](const RecordedRequest&, Poco::Net::HTTPServerResponse& response) {
    TestHttpServer::reply(response, 401, "", {{"WWW-Authenticate", "NTLM"}});
  });
  TransportOptions options;
  options.auth.type = Auth::Type::kNtlm;
  options.auth.username = "CONTOSO\\svc-enp";
  options.auth.password = "secret";
  Result<HttpReply> reply = makeCurlTransport(options)->post(request(server));
  ASSERT_TRUE(reply.ok()) << reply.error().describe();
  EXPECT_EQ(reply->status, 401);
  const std::vector<RecordedRequest> seen = server.requests();
  ASSERT_FALSE(seen.empty());
  // An NTLM Type 1 message: base64 of "NTLMSSP\0" followed by 0x01.
  EXPECT_EQ(seen[0].headers.at("authorization").rfind("NTLM TlRMTVNTUAAB", 0), 0u);
}

TEST_F(CurlTransportTest, NegotiateWithoutTicketEndsWith401Reply) {
  TestHttpServer server([](const RecordedRequest&, Poco::Net::HTTPServerResponse& response) {
    TestHttpServer::reply(response, 401, "", {{"WWW-Authenticate", "Negotiate"}});
  });
  TransportOptions options;
  options.auth.type = Auth::Type::kNegotiate;  // No username: the ":" convention.
  Result<HttpReply> reply = makeCurlTransport(options)->post(request(server));
  ASSERT_TRUE(reply.ok()) << reply.error().describe();
  EXPECT_EQ(reply->status, 401);
  EXPECT_FALSE(server.requests().empty());
}

TEST_F(CurlTransportTest, Http401IsAReplyNotAnError) {
  TestHttpServer server([](const RecordedRequest&, Poco::Net::HTTPServerResponse& response) {
    TestHttpServer::reply(response, 401, "<html>401 - Unauthorized</html>",
                          {{"WWW-Authenticate", "Negotiate"}, {"WWW-Authenticate", "NTLM"}});
  });
  TransportOptions options;
  options.auth.type = Auth::Type::kBasic;
  options.auth.username = "u";
  options.auth.password = "wrong-password";
  TransportPtr transport = makeCurlTransport(options);
  Result<HttpReply> reply = transport->post(request(server));
  ASSERT_TRUE(reply.ok()) << reply.error().describe();
  EXPECT_EQ(reply->status, 401);
  EXPECT_EQ(reply->header("WWW-Authenticate"), "Negotiate");
  const Error e = classifyFailure(reply->status, reply->body);
  EXPECT_EQ(e.kind, ErrorKind::kHttp);
  EXPECT_EQ(e.code, "HTTP 401");
}

TEST_F(CurlTransportTest, ReusesTheConnection) {
  TestHttpServer server(okHandler);
  TransportPtr transport = makeCurlTransport({});
  ASSERT_TRUE(transport->post(request(server, "one")).ok());
  ASSERT_TRUE(transport->post(request(server, "two")).ok());
  // A second transport must open its own connection: this shows the check can fail.
  TransportPtr other = makeCurlTransport({});
  ASSERT_TRUE(other->post(request(server, "three")).ok());
  const std::vector<RecordedRequest> seen = server.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].body, "one");
  EXPECT_EQ(seen[1].body, "two");
  EXPECT_EQ(seen[0].clientPort, seen[1].clientPort);
  EXPECT_NE(seen[1].clientPort, seen[2].clientPort);
}

TEST_F(CurlTransportTest, TimeoutIsTransportError) {
  Poco::Event release;
  TestHttpServer server(
      [&release](const RecordedRequest&, Poco::Net::HTTPServerResponse& response) {
        release.tryWait(10000);  // Held until the client has given up.
        TestHttpServer::reply(response, 200, "late");
      });
  TransportOptions options;
  options.totalTimeoutMs = 300;
  TransportPtr transport = makeCurlTransport(options);
  Result<HttpReply> reply = transport->post(request(server));
  release.set();
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(reply.error().code, "CURLE_OPERATION_TIMEDOUT");
  EXPECT_FALSE(reply.error().message.empty());
}

TEST_F(CurlTransportTest, RefusedConnectionIsTransportError) {
  uint16_t port = 0;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    port = probe.address().port();
  }  // Closed: nothing listens there now.
  TransportOptions options;
  options.auth.type = Auth::Type::kBasic;
  options.auth.username = "svc";
  options.auth.password = "do-not-leak-me";
  TransportPtr transport = makeCurlTransport(options);
  HttpRequest r;
  r.url = "http://127.0.0.1:" + std::to_string(port) + "/EWS/Exchange.asmx";
  Result<HttpReply> reply = transport->post(r);
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(reply.error().code, "CURLE_COULDNT_CONNECT");
  EXPECT_EQ(reply.error().describe().find("do-not-leak-me"), std::string::npos);
}

TEST_F(CurlTransportTest, HeaderInjectionIsRefused) {
  TestHttpServer server(okHandler);
  TransportPtr transport = makeCurlTransport({});
  HttpRequest r = request(server);
  r.headers.emplace_back("X-AnchorMailbox", "a@b.c\r\nX-Evil: 1");
  Result<HttpReply> reply = transport->post(r);
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().kind, ErrorKind::kTransport);
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(CurlTransportTest, SendsGetPatchAndDeleteOnOneConnection) {
  TestHttpServer server(okHandler);
  TransportPtr transport = makeCurlTransport({});
  HttpRequest get;
  get.method = "GET";
  get.url = server.url("/v1.0/users/a/messages/1");
  get.body = "ignored";
  HttpRequest patch;
  patch.method = "PATCH";
  patch.url = server.url("/v1.0/subscriptions/s1");
  patch.body = R"({"expirationDateTime":"2030-01-01T00:00:00Z"})";
  HttpRequest del = patch;
  del.method = "DELETE";
  del.body.clear();
  HttpRequest post = request(server, "<after/>");
  for (const HttpRequest* r : {&get, &patch, &del, &post, &get}) {
    Result<HttpReply> reply = transport->post(*r);
    ASSERT_TRUE(reply.ok()) << reply.error().describe();
    EXPECT_EQ(reply->status, 200);
  }
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].body, "");
  EXPECT_EQ(seen[1].method, "PATCH");
  EXPECT_EQ(seen[1].body, patch.body);
  EXPECT_EQ(seen[2].method, "DELETE");
  EXPECT_EQ(seen[3].method, "POST");  // A method is not left over from the request before.
  EXPECT_EQ(seen[3].body, "<after/>");
  EXPECT_EQ(seen[4].method, "GET");
  EXPECT_EQ(seen[4].clientPort, seen[0].clientPort);  // The connection is kept.
}

}  // namespace
}  // namespace ews
