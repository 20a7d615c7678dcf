#include "fake_exchange.h"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <pugixml.hpp>
#include <thread>

#include "test_soap_util.h"
#include "xml_ns.h"

namespace fakes {
namespace {

using namespace std::chrono_literals;
using testing::post;

constexpr const char* kMeetingId = "AAMkADEzOTExYjJkL1AAA=";  // The id in the MS docs request.
constexpr const char* kMessageId = "AAMkADMessage0001=";
constexpr const char* kSoapAction =
    "http://schemas.microsoft.com/exchange/services/2006/messages/GetItem";

std::string replaceOnce(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

// The MS docs GetItem request, plus ExchangeImpersonation and the properties ENP asks for.
std::string enpStyleRequest(const std::string& mailbox, const std::vector<std::string>& ids) {
  std::string xml =
      testing::sharedFile("ews/getitem_request_additionalproperties_exchange2013_msdocs.xml");
  xml = replaceOnce(xml, "<t:MailboxCulture>en-US</t:MailboxCulture>",
                    "<t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>" + mailbox +
                        "</t:SmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>");
  const auto from = xml.find("<t:FieldURI FieldURI=\"item:ResponseObjects\"/>");
  const auto to = xml.find("</t:AdditionalProperties>");
  xml.replace(
      from, to - from,
      "<t:FieldURI FieldURI=\"item:Subject\"/><t:FieldURI FieldURI=\"item:DateTimeReceived\"/>"
      "<t:FieldURI FieldURI=\"item:Importance\"/><t:FieldURI FieldURI=\"item:ItemClass\"/>"
      "<t:FieldURI FieldURI=\"message:From\"/><t:FieldURI FieldURI=\"message:Sender\"/>"
      "<t:FieldURI FieldURI=\"item:Preview\"/>"
      "<t:ExtendedFieldURI PropertyTag=\"0x5D01\" PropertyType=\"String\"/>");
  std::string itemIds;
  for (const std::string& id : ids) {
    itemIds += "<t:ItemId Id=\"" + id + "\"/>";
  }
  return replaceOnce(xml, "<t:ItemId Id=\"AAMkADEzOTExYjJkL1AAA=\" ChangeKey=\"CwAAAB/G6X\"/>",
                     itemIds);
}

FakeItem meetingFromBob() {
  FakeItem item;
  item.id = kMeetingId;
  item.kind = ItemKind::kMeetingRequest;
  item.from = {"Bob Lee", "/O=CONTOSO/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=BOB", "EX",
               "Mailbox"};
  item.senderSmtpAddress = "bob@contoso.com";
  item.subject = "Competitive analysis: kick off meeting";
  item.body = std::string(300, 'x');
  item.importance = "High";
  return item;
}

class FakeExchangeTest : public ::testing::Test {
 protected:
  FakeExchangeTest() {
    exchange_.addItem("alice@contoso.com", meetingFromBob());
    FakeItem message;
    message.id = kMessageId;
    message.from = {"Carol <external>", "carol@fabrikam.com", "SMTP", "OneOff"};
    message.subject = "Budget for Q3 & Q4";
    message.body = "Numbers attached.";
    exchange_.addItem("alice@contoso.com", message);
    exchange_.addMailbox("bob@contoso.com");
  }

  testing::HttpReply getItem(const std::string& mailbox, const std::vector<std::string>& ids,
                             const std::string& password = "Passw0rd!") {
    return post(exchange_.ewsUrl(), enpStyleRequest(mailbox, ids), "text/xml; charset=utf-8",
                {{"SOAPAction", kSoapAction}, {"X-AnchorMailbox", mailbox}}, "svc-enp@contoso.com",
                password);
  }

  FakeExchange exchange_;
};

pugi::xml_node responseMessages(pugi::xml_document& doc, const std::string& body) {
  EXPECT_TRUE(doc.load_string(body.c_str()));
  const pugi::xml_node envelope = firstElement(doc);
  return child(child(child(envelope, kSoap11Ns, "Body"), kMessagesNs, "GetItemResponse"),
               kMessagesNs, "ResponseMessages");
}

std::string faultCode(const std::string& body) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(body.c_str()));
  const pugi::xml_node fault =
      child(child(firstElement(doc), kSoap11Ns, "Body"), kSoap11Ns, "Fault");
  return trimmedText(fault.child("faultcode")) + "|" +
         trimmedText(child(fault.child("detail"), kErrorsNs, "ResponseCode")) + "|" +
         trimmedText(child(fault.child("detail"), kErrorsNs, "Message"));
}

TEST_F(FakeExchangeTest, GetItemAnswerValidatesAndCarriesOnlyWhatWasAsked) {
  const auto reply = getItem("alice@contoso.com", {kMeetingId, kMessageId, "AAMkGone="});
  ASSERT_EQ(200, reply.status) << reply.body;
  EXPECT_EQ("text/xml; charset=utf-8", reply.headers.at("Content-Type"));
  const testing::SchemaResult schema = testing::validateBodyChild(reply.body);
  EXPECT_TRUE(schema.valid) << schema.output << reply.body;
  pugi::xml_document doc;
  const auto messages =
      children(responseMessages(doc, reply.body), kMessagesNs, "GetItemResponseMessage");
  ASSERT_EQ(3u, messages.size());
  const pugi::xml_node meeting =
      child(child(messages[0], kMessagesNs, "Items"), kTypesNs, "MeetingRequest");
  EXPECT_EQ("Competitive analysis: kick off meeting",
            trimmedText(child(meeting, kTypesNs, "Subject")));
  EXPECT_EQ("IPM.Schedule.Meeting.Request", trimmedText(child(meeting, kTypesNs, "ItemClass")));
  EXPECT_EQ("EX", trimmedText(child(child(child(meeting, kTypesNs, "From"), kTypesNs, "Mailbox"),
                                    kTypesNs, "RoutingType")));
  EXPECT_EQ("bob@contoso.com",
            trimmedText(child(child(meeting, kTypesNs, "ExtendedProperty"), kTypesNs, "Value")));
  EXPECT_EQ(256u, trimmedText(child(meeting, kTypesNs, "Preview")).size());
  EXPECT_FALSE(child(meeting, kTypesNs, "Body")) << "Body was not asked for";
  const pugi::xml_node message =
      child(child(messages[1], kMessagesNs, "Items"), kTypesNs, "Message");
  EXPECT_EQ("Budget for Q3 & Q4", trimmedText(child(message, kTypesNs, "Subject")));
  EXPECT_FALSE(child(message, kTypesNs, "ExtendedProperty")) << "no 0x5D01 on this item";
  EXPECT_STREQ("Error", messages[2].attribute("ResponseClass").value());
  EXPECT_EQ("ErrorItemNotFound", trimmedText(child(messages[2], kMessagesNs, "ResponseCode")));
  EXPECT_EQ("The specified object was not found in the store.",
            trimmedText(child(messages[2], kMessagesNs, "MessageText")));

  const auto recorded = exchange_.requests();
  ASSERT_EQ(1u, recorded.size());
  EXPECT_EQ("alice@contoso.com", recorded[0].mailbox);
  EXPECT_EQ("SmtpAddress", recorded[0].impersonationKind);
  EXPECT_EQ("Exchange2013", recorded[0].requestServerVersion);
  EXPECT_EQ(kSoapAction, recorded[0].soapAction);
  EXPECT_EQ((std::vector<std::string>{kMeetingId, kMessageId, "AAMkGone="}), recorded[0].itemIds);
  EXPECT_EQ(0u, exchange_.counters().anchorMismatches);
  EXPECT_EQ(1u, exchange_.counters().itemsNotFound);
}

TEST_F(FakeExchangeTest, SchemaCheckRejectsAMisorderedAnswer) {
  // Proves the validation in these tests is real: Subject must come after ItemClass.
  std::string body = getItem("alice@contoso.com", {kMessageId}).body;
  const std::string itemClass = "<t:ItemClass>IPM.Note</t:ItemClass>";
  body.erase(body.find(itemClass), itemClass.size());
  body.insert(body.find("</t:Subject>") + 12, itemClass);
  EXPECT_FALSE(testing::validateBodyChild(body).valid);
}

TEST_F(FakeExchangeTest, ResolvesNamespacesNotPrefixes) {
  const std::string xml =
      "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Header>"
      "<x:ExchangeImpersonation "
      "xmlns:x=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
      "<x:ConnectingSID><x:PrimarySmtpAddress> Alice@Contoso.com </x:PrimarySmtpAddress>"
      "</x:ConnectingSID></x:ExchangeImpersonation></Header><Body>"
      "<GetItem xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\" "
      "xmlns:y=\"http://schemas.microsoft.com/exchange/services/2006/types\"><ItemShape>"
      "<y:BaseShape>Default</y:BaseShape><y:BodyType>Text</y:BodyType></ItemShape><ItemIds>"
      "<y:ItemId Id=\"AAMkADMessage0001=\"/></ItemIds></GetItem></Body></Envelope>";
  const auto reply =
      post(exchange_.ewsUrl(), xml, "text/xml", {}, "svc-enp@contoso.com", "Passw0rd!");
  ASSERT_EQ(200, reply.status) << reply.body;
  EXPECT_NE(std::string::npos, reply.body.find("<t:Body BodyType=\"Text\" IsTruncated=\"false\">"
                                               "Numbers attached.</t:Body>"));
  EXPECT_EQ("PrimarySmtpAddress", exchange_.requests().at(0).impersonationKind);
  EXPECT_EQ(1u, exchange_.counters().anchorMismatches) << "no X-AnchorMailbox was sent";
  const auto schema = testing::validateBodyChild(reply.body);
  EXPECT_TRUE(schema.valid) << schema.output;
}

TEST_F(FakeExchangeTest, WrongOrMissingCredentialsAre401WithoutSoapBody) {
  const auto wrong = getItem("alice@contoso.com", {kMessageId}, "wrong");
  EXPECT_EQ(401, wrong.status);
  EXPECT_EQ("Basic realm=\"mail.contoso.com\"", wrong.headers.at("WWW-Authenticate"));
  EXPECT_TRUE(wrong.body.empty());
  const auto none =
      post(exchange_.ewsUrl(), enpStyleRequest("alice@contoso.com", {kMessageId}), "text/xml");
  EXPECT_EQ(401, none.status);
  EXPECT_EQ(2u, exchange_.counters().unauthorized);
  EXPECT_EQ(0u, exchange_.counters().getItems);
}

TEST_F(FakeExchangeTest, ImpersonationDeniedIsTheRealSoapFault) {
  exchange_.restrictImpersonationTo({"bob@contoso.com"});
  const auto reply = getItem("alice@contoso.com", {kMessageId});
  EXPECT_EQ(500, reply.status);
  EXPECT_EQ(
      "a:ErrorImpersonateUserDenied|ErrorImpersonateUserDenied|The account does not have "
      "permission to impersonate the requested user.",
      faultCode(reply.body));
  EXPECT_EQ(200, getItem("bob@contoso.com", {kMessageId}).status);
  EXPECT_EQ(1u, exchange_.counters().impersonationDenied);
}

TEST_F(FakeExchangeTest, UnknownMailboxIsNonExistentMailboxFault) {
  const auto reply = getItem("nobody@contoso.com", {kMessageId});
  EXPECT_EQ(500, reply.status);
  EXPECT_EQ(
      "a:ErrorNonExistentMailbox|ErrorNonExistentMailbox|The SMTP address has no mailbox "
      "associated with it.",
      faultCode(reply.body));
  EXPECT_NE(std::string::npos,
            reply.body.find("<t:Value Name=\"SmtpAddress\">nobody@contoso.com</t:Value>"));
}

TEST_F(FakeExchangeTest, ScriptedServerBusyIsConsumedPerMailbox) {
  exchange_.script(ScriptedAnswer::serverBusy(297749ms, "bob@contoso.com"));
  EXPECT_EQ(200, getItem("alice@contoso.com", {kMessageId}).status);
  const auto busy = getItem("bob@contoso.com", {kMessageId});
  EXPECT_EQ(500, busy.status);
  EXPECT_EQ(
      "a:ErrorServerBusy|ErrorServerBusy|The server cannot service this request right now. "
      "Try again later.",
      faultCode(busy.body));
  EXPECT_NE(std::string::npos,
            busy.body.find("<t:Value Name=\"BackOffMilliseconds\">297749</t:Value>"));
  EXPECT_EQ(200, getItem("bob@contoso.com", {kMessageId}).status);
  EXPECT_EQ(1u, exchange_.counters().scripted);
}

TEST_F(FakeExchangeTest, ScriptedFailuresInOrder) {
  using Kind = ScriptedAnswer::Kind;
  exchange_.script(ScriptedAnswer::of(Kind::kServiceUnavailable));
  exchange_.script(ScriptedAnswer::of(Kind::kAccessDenied));
  exchange_.script(ScriptedAnswer::of(Kind::kInternalServerError));
  exchange_.script(ScriptedAnswer::of(Kind::kUnauthorized));
  const auto unavailable = getItem("alice@contoso.com", {kMessageId});
  EXPECT_EQ(503, unavailable.status);
  EXPECT_NE(std::string::npos, unavailable.body.find("HTTP Error 503"));
  EXPECT_EQ(
      "a:ErrorAccessDenied|ErrorAccessDenied|Access is denied. Check credentials and try "
      "again.",
      faultCode(getItem("alice@contoso.com", {kMessageId}).body));
  const auto internal = getItem("alice@contoso.com", {kMessageId});
  EXPECT_EQ(200, internal.status);
  EXPECT_NE(std::string::npos, internal.body.find("ErrorInternalServerError"));
  EXPECT_NE(std::string::npos, internal.body.find("\"InnerErrorResponseCode\">ErrorServerBusy<"));
  const auto schema = testing::validateBodyChild(internal.body);
  EXPECT_TRUE(schema.valid) << schema.output;
  EXPECT_EQ(401, getItem("alice@contoso.com", {kMessageId}).status);
  EXPECT_EQ(200, getItem("alice@contoso.com", {kMessageId}).status);
}

TEST_F(FakeExchangeTest, WaitForGetItemsSeesConcurrentClients) {
  constexpr int kClients = 16;
  std::vector<std::future<int>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::async(
        std::launch::async, [this] { return getItem("alice@contoso.com", {kMessageId}).status; }));
  }
  EXPECT_TRUE(exchange_.waitForGetItems(kClients, 10s));
  for (auto& c : clients) {
    EXPECT_EQ(200, c.get());
  }
  EXPECT_FALSE(exchange_.waitForGetItems(kClients + 1, 20ms));
}

TEST_F(FakeExchangeTest, LatencyAndHangDoNotBlockShutdown) {
  exchange_.setLatency(30ms);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(200, getItem("alice@contoso.com", {kMessageId}).status);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
  exchange_.setLatency(0ms);
  auto hanging = std::make_unique<FakeExchange>();
  hanging->addMailbox("alice@contoso.com");
  hanging->script(ScriptedAnswer::delayed(std::chrono::hours(1)));
  EXPECT_THROW(post(hanging->ewsUrl(), enpStyleRequest("alice@contoso.com", {kMessageId}),
                    "text/xml", {}, "svc-enp@contoso.com", "Passw0rd!", 200),
               Poco::TimeoutException);
  const auto stopAt = std::chrono::steady_clock::now();
  hanging.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - stopAt, 5s);
}

TEST(FakeExchangeFixtures, LoadsJsonFixtures) {
  const Fixtures fixtures = parseFixturesJson(R"({
    "serviceAccount": {"user": "svc@contoso.com", "password": "pw"},
    "impersonationAllowed": ["alice@contoso.com"],
    "mailboxes": [{"smtp": "alice@contoso.com", "items": [
      {"id": "AAMkA1=", "kind": "meetingRequest", "subject": "Sync",
       "from": {"name": "Bob", "emailAddress": "/O=CONTOSO/CN=BOB", "routingType": "EX"},
       "senderSmtpAddress": "bob@contoso.com", "importance": "High"}]}]})");
  FakeExchange exchange;
  exchange.loadFixtures(fixtures);
  const auto reply =
      post(exchange.ewsUrl(), enpStyleRequest("alice@contoso.com", {"AAMkA1="}), "text/xml",
           {{"X-AnchorMailbox", "alice@contoso.com"}}, "svc@contoso.com", "pw");
  ASSERT_EQ(200, reply.status) << reply.body;
  EXPECT_NE(std::string::npos, reply.body.find("<t:MeetingRequest>"));
  EXPECT_NE(std::string::npos, reply.body.find("<t:Importance>High</t:Importance>"));
  EXPECT_THROW(parseFixturesJson(R"({"mailboxes": [{"items": []}]})"), std::runtime_error);
  const Fixtures example =
      loadFixturesFile(std::string(ENP_SOURCE_DIR) + "/tests/fakes/example_fixtures.json");
  ASSERT_EQ(2u, example.mailboxes.size());
  EXPECT_EQ("EX", example.mailboxes[0].second.at(0).from.routingType);
}

}  // namespace
}  // namespace fakes
