#include "ews/client.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_transport.h"
#include "test_server.h"
#include "test_util.h"

namespace ews {
namespace {

using test::dataFile;

HttpReply replyOf(long status, std::string body) {
  HttpReply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(ClientTest, PostsGetItemAndParsesTheAnswer) {
  testsupport::ScriptedTransport transport;
  transport.always = replyOf(200, dataFile("getitem_response_2013_mixed.xml"));
  Client client(transport,
                {"https://mail.contoso.com/EWS/Exchange.asmx", ServerVersion::kExchange2013});
  const std::vector<std::string> ids = {"AAMkAD-one", "AAMkAD-two", "AAMkAD-gone"};
  Result<std::vector<ItemResult>> r = client.getItems("user@contoso.com", ids);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].item.smtpAddress(), "alice@contoso.com");
  EXPECT_EQ((*r)[2].error.code, "ErrorItemNotFound");
  ASSERT_EQ(transport.requests.size(), 1u);
  const HttpRequest& sent = transport.requests[0];
  EXPECT_EQ(sent.url, "https://mail.contoso.com/EWS/Exchange.asmx");
  EXPECT_EQ(sent.body, buildGetItem({"user@contoso.com", ServerVersion::kExchange2013, ids}));
  HttpReply headers;
  headers.headers = sent.headers;
  EXPECT_EQ(headers.header("X-AnchorMailbox"), "user@contoso.com");
}

TEST(ClientTest, NoIdsNoRequest) {
  testsupport::ScriptedTransport transport;
  Client client(transport, {"https://x/EWS/Exchange.asmx", ServerVersion::kExchange2010});
  Result<std::vector<ItemResult>> r = client.getItems("user@contoso.com", {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_TRUE(transport.requests.empty());
}

TEST(ClientTest, FailuresPassThrough) {
  testsupport::ScriptedTransport transport;
  Client client(transport, {"https://x/EWS/Exchange.asmx", ServerVersion::kExchange2016});
  transport.always = Error::transport("CURLE_COULDNT_CONNECT", "Failed to connect");
  Result<std::vector<ItemResult>> r = client.getItems("u@c.com", {"a"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "CURLE_COULDNT_CONNECT");
  transport.always = replyOf(500, dataFile("soapfault_errorimpersonateuserdenied.xml"));
  r = client.getItems("u@c.com", {"a"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kSoapFault);
  EXPECT_EQ(r.error().code, "ErrorImpersonateUserDenied");
  transport.always = replyOf(401, "");
  EXPECT_EQ(client.getItems("u@c.com", {"a"}).error().code, "HTTP 401");
}

TEST(ClientTest, AnswerWithWrongNumberOfMessagesIsParseError) {
  testsupport::ScriptedTransport transport;
  transport.always = replyOf(200, dataFile("getitem_response_2013_mixed.xml"));  // 3 messages.
  Client client(transport, {"https://x/EWS/Exchange.asmx", ServerVersion::kExchange2013});
  Result<std::vector<ItemResult>> r = client.getItems("u@c.com", {"only-one"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
}

TEST(ClientTest, EndToEndOverCurl) {
  curlGlobalInit();
  const std::string answer = dataFile("getitem_response_2010_body.xml");
  test::TestHttpServer server(
      [&answer](const test::RecordedRequest&, Poco::Net::HTTPServerResponse& response) {
        test::TestHttpServer::reply(response, 200, answer,
                                    {{"Content-Type", "text/xml; charset=utf-8"}});
      });
  TransportPtr transport = makeCurlTransport({});
  Client client(*transport, {server.url(), ServerVersion::kExchange2010});
  Result<std::vector<ItemResult>> r = client.getItems("mbx@contoso.com", {"a", "b", "c"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ((*r)[0].item.senderSmtpAddress, "carol@contoso.com");
  const std::vector<test::RecordedRequest> seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_NE(seen[0].body.find("<t:BodyType>Text</t:BodyType>"), std::string::npos);
  EXPECT_EQ(seen[0].headers.at("x-anchormailbox"), "mbx@contoso.com");
}

}  // namespace
}  // namespace ews
