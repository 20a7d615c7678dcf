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

SubscribeRequest subscribeAlice() {
  SubscribeRequest r;
  r.mailbox = "alice@contoso.com";
  r.version = ServerVersion::kExchange2010;  // Replaced by the client's configured version.
  r.callbackUrl = "https://enp.contoso.com/ews/notify/tok";
  return r;
}

std::string headerOf(const HttpRequest& request, const std::string& name) {
  HttpReply r;
  r.headers = request.headers;
  return r.header(name);
}

TEST(ClientTest, SubscribeSendsAffinityHeadersAndKeepsTheCookie) {
  testsupport::ScriptedTransport transport;
  transport.replyWith(200,
                      {{"Set-Cookie", "exchangecookie=ddb8c3; path=/; HttpOnly"},
                       {"Set-Cookie",
                        "X-BackEndOverrideCookie=CO1PR06MB222.contoso.com~1941996295; path=/; "
                        "secure; HttpOnly"}},
                      test::sharedFile("subscribe_push_response_exchange2010sp2_workmail.xml"));
  transport.replyWith(200, {},
                      test::sharedFile("subscribe_push_response_exchange2010sp2_workmail.xml"));
  Client client(transport, {"https://x/EWS/Exchange.asmx", ServerVersion::kExchange2016});
  Affinity affinity;
  Result<Subscription> s = client.subscribe(subscribeAlice(), &affinity);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(s->subscriptionId, "hKJETtoAdi9PPW0tZDQ4MThmMDoVYB");
  EXPECT_EQ(affinity.backEndOverrideCookie, "CO1PR06MB222.contoso.com~1941996295");
  ASSERT_EQ(transport.requests.size(), 1u);
  const HttpRequest& first = transport.requests[0];
  EXPECT_EQ(headerOf(first, "X-AnchorMailbox"), "alice@contoso.com");
  EXPECT_EQ(headerOf(first, "X-PreferServerAffinity"), "true");
  EXPECT_EQ(headerOf(first, "Cookie"), "");
  EXPECT_EQ(headerOf(first, "SOAPAction"),
            "http://schemas.microsoft.com/exchange/services/2006/messages/Subscribe");
  EXPECT_NE(first.body.find("Version=\"Exchange2016\""), std::string::npos);

  // The next request for the mailbox carries the cookie; an answer without one keeps it.
  s = client.subscribe(subscribeAlice(), &affinity);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(headerOf(transport.requests[1], "Cookie"),
            "X-BackEndOverrideCookie=CO1PR06MB222.contoso.com~1941996295");
  EXPECT_EQ(affinity.backEndOverrideCookie, "CO1PR06MB222.contoso.com~1941996295");
}

TEST(ClientTest, GroupAnchorAndCookieFromAnErrorAnswer) {
  testsupport::ScriptedTransport transport;
  transport.replyWith(200, {{"set-cookie", "X-BackEndOverrideCookie=MBX2~7"}},
                      dataFile("subscribe_response_error_invalidwatermark.xml"));
  Client client(transport, {"https://x/EWS/Exchange.asmx", ServerVersion::kExchange2013});
  Affinity affinity{"anchor@contoso.com", ""};
  Result<Subscription> s = client.subscribe(subscribeAlice(), &affinity);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "ErrorInvalidWatermark");
  EXPECT_EQ(affinity.backEndOverrideCookie, "MBX2~7");
  EXPECT_EQ(headerOf(transport.requests[0], "X-AnchorMailbox"), "anchor@contoso.com");
}

TEST(AffinityTest, CookieValuesThatCannotBeSentBackAreIgnored) {
  for (const std::string bad :
       {"X-BackEndOverrideCookie=", "X-BackEndOverrideCookie=a b", "X-BackEndOverrideCookie=\"q\"",
        "X-BackEndOverrideCookieX=v", "Other=X-BackEndOverrideCookie"}) {
    HttpReply reply;
    reply.headers = {{"Set-Cookie", bad}};
    EXPECT_EQ(backEndOverrideCookie(reply), "") << bad;
  }
  HttpReply reply;
  reply.headers = {{"Set-Cookie", " X-BackEndOverrideCookie = v1 ;path=/"},
                   {"Set-Cookie", "X-BackEndOverrideCookie=v2"}};
  EXPECT_EQ(backEndOverrideCookie(reply), "v2");
  Headers headers = {{"x-anchormailbox", "old@x.com"}};
  addAffinityHeaders(headers, "bob@x.com\r\nEvil: 1", {"", "v2"});
  HttpRequest request;
  request.headers = headers;
  EXPECT_EQ(headers.size(), 3u);
  EXPECT_EQ(headerOf(request, "X-AnchorMailbox"), "bob@x.comEvil: 1");
  EXPECT_EQ(headerOf(request, "Cookie"), "X-BackEndOverrideCookie=v2");
}

TEST(ClientTest, SubscribeOverCurlRoundTripsTheCookie) {
  curlGlobalInit();
  const std::string answer = test::sharedFile("subscribe_push_response_exchange2007_msdocs.xml");
  test::TestHttpServer server(
      [&answer](const test::RecordedRequest&, Poco::Net::HTTPServerResponse& response) {
        test::TestHttpServer::reply(
            response, 200, answer,
            {{"Content-Type", "text/xml; charset=utf-8"},
             {"Set-Cookie", "exchangecookie=1; path=/"},
             {"Set-Cookie", "X-BackEndOverrideCookie=MBX7.contoso.com~42; path=/; HttpOnly"}});
      });
  TransportPtr transport = makeCurlTransport({});
  Client client(*transport, {server.url(), ServerVersion::kExchange2013});
  Affinity affinity;
  ASSERT_TRUE(client.subscribe(subscribeAlice(), &affinity).ok());
  ASSERT_TRUE(client.subscribe(subscribeAlice(), &affinity).ok());
  EXPECT_EQ(affinity.backEndOverrideCookie, "MBX7.contoso.com~42");
  const std::vector<test::RecordedRequest> seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].headers.count("cookie"), 0u);
  EXPECT_EQ(seen[1].headers.at("cookie"), "X-BackEndOverrideCookie=MBX7.contoso.com~42");
  EXPECT_EQ(seen[1].headers.at("x-preferserveraffinity"), "true");
}

}  // namespace
}  // namespace ews

namespace ews {
namespace {

std::string findPage(const std::vector<std::string>& ids, int next, bool last) {
  std::string items;
  for (const std::string& id : ids) {
    items += "<t:Message><t:ItemId Id=\"" + id +
             "\"/><t:DateTimeReceived>2024-03-05T09:15:01Z</t:DateTimeReceived></t:Message>";
  }
  return "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
         "<m:FindItemResponse xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/"
         "messages\" xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
         "<m:ResponseMessages><m:FindItemResponseMessage ResponseClass=\"Success\">"
         "<m:ResponseCode>NoError</m:ResponseCode><m:RootFolder IndexedPagingOffset=\"" +
         std::to_string(next) + "\" IncludesLastItemInRange=\"" + (last ? "true" : "false") +
         "\"><t:Items>" + items +
         "</t:Items></m:RootFolder></m:FindItemResponseMessage></m:ResponseMessages>"
         "</m:FindItemResponse></s:Body></s:Envelope>";
}

TEST(ClientFindItemTest, WalksThePagesWithTheCookie) {
  testsupport::ScriptedTransport transport;
  transport.replyWith(200, {}, findPage({"a", "b"}, 2, false));
  transport.replyWith(200, {{"Set-Cookie", "X-BackEndOverrideCookie=MBX9~1"}},
                      findPage({"c", "d"}, 4, false));
  transport.replyWith(200, {}, findPage({"e"}, 5, true));
  Client client(transport, {"https://x/EWS/Exchange.asmx", ServerVersion::kExchange2013});
  Affinity affinity{"", "MBX1~0"};
  FindItemRequest request;
  request.mailbox = "alice@contoso.com";
  request.receivedAfterMs = 1709630100000;
  request.maxEntries = 2;
  Result<FindItemPage> all = client.findAllItems(request, &affinity);
  ASSERT_TRUE(all.ok()) << all.error().describe();
  std::string ids;
  for (const FoundItem& i : all->items) {
    ids += i.itemId;
  }
  EXPECT_EQ(ids, "abcde");
  EXPECT_TRUE(all->includesLastItemInRange);
  ASSERT_EQ(transport.requests.size(), 3u);
  EXPECT_NE(transport.requests[1].body.find("Offset=\"2\""), std::string::npos);
  EXPECT_NE(transport.requests[2].body.find("Offset=\"4\""), std::string::npos);
  EXPECT_EQ(headerOf(transport.requests[0], "Cookie"), "X-BackEndOverrideCookie=MBX1~0");
  EXPECT_EQ(headerOf(transport.requests[2], "Cookie"), "X-BackEndOverrideCookie=MBX9~1");
  EXPECT_EQ(headerOf(transport.requests[0], "SOAPAction"),
            "http://schemas.microsoft.com/exchange/services/2006/messages/FindItem");
}

TEST(ClientFindItemTest, StopsAtTheCapAndOnAPageThatDoesNotMove) {
  testsupport::ScriptedTransport transport;
  transport.always = replyOf(200, findPage({"x", "y"}, 2, false));  // Always the same page.
  Client client(transport, {"https://x/EWS/Exchange.asmx", ServerVersion::kExchange2013});
  Affinity affinity;
  FindItemRequest request;
  request.mailbox = "alice@contoso.com";
  Result<FindItemPage> all = client.findAllItems(request, &affinity);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(transport.requests.size(), 2u);  // The second page did not move past offset 2.
  EXPECT_FALSE(all->includesLastItemInRange);
  transport.requests.clear();
  transport.always = Error::transport("CURLE_COULDNT_CONNECT", "");
  EXPECT_EQ(client.findAllItems(request, &affinity).error().code, "CURLE_COULDNT_CONNECT");
}

}  // namespace
}  // namespace ews

namespace ews {
namespace {

TEST(ClientAvailabilityTest, ReadsWorkingHoursWithAffinity) {
  testsupport::ScriptedTransport transport;
  transport.replyWith(200, {},
                      test::sharedFile("getuseravailability_response_workinghours_msdocs.xml"));
  Client client(transport, {"https://x/EWS/Exchange.asmx", ServerVersion::kExchange2013});
  Affinity affinity{"", "MBX3~5"};
  AvailabilityRequest request;
  request.mailbox = "alice@contoso.com";
  Result<std::optional<WorkingHours>> r = client.getWorkingHours(request, &affinity);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->periods.at(0).startMinute, 480);
  ASSERT_EQ(transport.requests.size(), 1u);
  EXPECT_EQ(headerOf(transport.requests[0], "SOAPAction"),
            "http://schemas.microsoft.com/exchange/services/2006/messages/GetUserAvailability");
  EXPECT_EQ(headerOf(transport.requests[0], "Cookie"), "X-BackEndOverrideCookie=MBX3~5");
  EXPECT_EQ(headerOf(transport.requests[0], "X-AnchorMailbox"), "alice@contoso.com");
}

}  // namespace
}  // namespace ews
