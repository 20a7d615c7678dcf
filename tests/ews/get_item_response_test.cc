#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ews/get_item.h"
#include "test_util.h"

namespace ews {
namespace {

using test::dataFile;
using test::manyAttributes;
using test::repeat;
using test::replaceAll;
using test::sharedFile;

std::vector<ItemResult> parseOk(const std::string& xml) {
  Result<std::vector<ItemResult>> r = parseGetItemResponse(200, xml);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  return r.ok() ? r.value() : std::vector<ItemResult>{};
}

TEST(GetItemResponseTest, Exchange2013MixedAnswerInRequestOrder) {
  const std::vector<ItemResult> r = parseOk(dataFile("getitem_response_2013_mixed.xml"));
  ASSERT_EQ(r.size(), 3u);

  ASSERT_TRUE(r[0].ok());
  const MailItem& a = r[0].item;
  EXPECT_EQ(a.itemId, "AAMkAD-one");
  EXPECT_EQ(a.changeKey, "CQAAABYA");
  EXPECT_EQ(a.itemClass, "IPM.Note");
  EXPECT_FALSE(a.meeting);
  EXPECT_EQ(a.subject, "Budget for Q3 & Q4 <draft>");
  EXPECT_EQ(a.received, "2024-03-04T08:00:01Z");
  EXPECT_EQ(a.importance, "High");
  EXPECT_EQ(a.preview, "Hi team, the numbers are in. Ünïcödé too.");
  EXPECT_EQ(a.from.name, "Alice Example");
  EXPECT_EQ(a.from.routingType, "EX");
  EXPECT_EQ(a.from.emailAddress.rfind("/O=CONTOSO", 0), 0u);
  EXPECT_EQ(a.senderSmtpAddress, "alice@contoso.com");
  EXPECT_EQ(a.smtpAddress(), "alice@contoso.com");

  ASSERT_TRUE(r[1].ok());
  EXPECT_TRUE(r[1].item.meeting);
  EXPECT_EQ(r[1].item.itemId, "AAMkAD-two");
  EXPECT_EQ(r[1].item.from.emailAddress, "bob@fabrikam.com");
  EXPECT_EQ(r[1].item.smtpAddress(), "bob@fabrikam.com");

  ASSERT_FALSE(r[2].ok());
  EXPECT_EQ(r[2].error.kind, ErrorKind::kExchange);
  EXPECT_EQ(r[2].error.code, "ErrorItemNotFound");
  EXPECT_NE(r[2].error.message.find("not found in the store"), std::string::npos);
}

TEST(GetItemResponseTest, EmailWithExSenderWithoutSmtpPropertyHasNoSmtpAddress) {
  std::string xml = dataFile("getitem_response_2013_mixed.xml");
  xml = replaceAll(xml, "PropertyTag=\"0x5d01\"", "PropertyTag=\"0x0037\"");  // Another tag.
  const std::vector<ItemResult> r = parseOk(xml);
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0].item.senderSmtpAddress, "");
  EXPECT_EQ(r[0].item.smtpAddress(), "");  // An X.500 address is no SMTP address.
}

TEST(GetItemResponseTest, PropertyTagMatchesUpperCaseHex) {
  const std::string xml =
      replaceAll(dataFile("getitem_response_2013_mixed.xml"), "0x5d01", "0X5D01");
  EXPECT_EQ(parseOk(xml).at(0).item.senderSmtpAddress, "alice@contoso.com");
}

TEST(GetItemResponseTest, Exchange2010TextBodyPostItemAndCancellation) {
  const std::vector<ItemResult> r = parseOk(dataFile("getitem_response_2010_body.xml"));
  ASSERT_EQ(r.size(), 3u);
  ASSERT_TRUE(r[0].ok());
  EXPECT_EQ(r[0].item.subject, "  Lunch?  ");  // As sent.
  EXPECT_EQ(r[0].item.preview, "Shall we meet at noon?\nSecond line.");
  EXPECT_EQ(r[0].item.senderSmtpAddress, "carol@contoso.com");  // Decimal tag 23809.
  EXPECT_EQ(r[0].item.importance, "Low");
  ASSERT_TRUE(r[1].ok());
  EXPECT_EQ(r[1].item.itemClass, "IPM.Post");
  EXPECT_EQ(r[1].item.from.name, "Dave");  // Sender when From is absent.
  EXPECT_EQ(r[1].item.smtpAddress(), "dave@contoso.com");
  EXPECT_FALSE(r[1].item.meeting);
  ASSERT_TRUE(r[2].ok());
  EXPECT_TRUE(r[2].item.meeting);  // MeetingCancellation element.
}

TEST(GetItemResponseTest, MeetingByItemClassOnMessageElement) {
  const std::string xml =
      replaceAll(dataFile("getitem_response_2013_mixed.xml"), "<t:ItemClass>IPM.Note</t:ItemClass>",
                 "<t:ItemClass>IPM.Schedule.Meeting.Canceled</t:ItemClass>");
  EXPECT_TRUE(parseOk(xml).at(0).item.meeting);
}

TEST(GetItemResponseTest, MsdocsMeetingRequestWithHttpsSoapNamespace) {
  const std::string raw = sharedFile("getitem_response_meetingrequest_exchange2013_msdocs.xml");
  // As published the SOAP namespace is https:// (doc bug): no SOAP answer at all.
  Result<std::vector<ItemResult>> bad = parseGetItemResponse(200, raw);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kParse);
  // With the namespace corrected (a documented edit) the MeetingRequest comes through.
  const std::vector<ItemResult> r = parseOk(
      replaceAll(raw, "https://schemas.xmlsoap.org/soap/", "http://schemas.xmlsoap.org/soap/"));
  ASSERT_EQ(r.size(), 1u);
  ASSERT_TRUE(r[0].ok());
  EXPECT_TRUE(r[0].item.meeting);
  EXPECT_EQ(r[0].item.itemId, "AAMkADEzOTExYjJkL1AAA=");
  EXPECT_EQ(r[0].item.subject, "Competitive analysis: kick off meeting");
}

// SOURCES.md 4: the HTML body is pasted unescaped, so the sample is not well-formed.
TEST(GetItemResponseTest, MsdocsMessageSampleIsParseErrorAndParsesWithoutBody) {
  const std::string raw = sharedFile("getitem_response_message_from_exchange2007_msdocs.xml");
  Result<std::vector<ItemResult>> bad = parseGetItemResponse(200, raw);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kParse);
  const size_t begin = raw.find("<t:Body");
  const size_t end = raw.find("</t:Body>") + std::string("</t:Body>").size();
  const std::vector<ItemResult> r = parseOk(raw.substr(0, begin) + raw.substr(end));
  ASSERT_EQ(r.size(), 1u);
  ASSERT_TRUE(r[0].ok());
  EXPECT_EQ(r[0].item.itemId, "AAAlAFVz");
  EXPECT_EQ(r[0].item.from.name, "User2");  // From, not the ToRecipients mailbox.
  EXPECT_EQ(r[0].item.smtpAddress(), "User2@example.com");
  EXPECT_EQ(r[0].item.subject, "");
}

TEST(GetItemResponseTest, MsdocsItemLevelErrorInvalidPropertyRequest) {
  const std::vector<ItemResult> r = parseOk(
      sharedFile("getitem_response_error_errorinvalidpropertyrequest_exchange2007_msdocs.xml"));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_FALSE(r[0].ok());
  EXPECT_EQ(r[0].error.kind, ErrorKind::kExchange);
  EXPECT_EQ(r[0].error.code, "ErrorInvalidPropertyRequest");
  EXPECT_EQ(r[0].error.message, "Property is not valid for this object type.");
}

TEST(GetItemResponseTest, InnerServerBusyWarningAndAccessDenied) {
  const std::vector<ItemResult> r =
      parseOk(dataFile("getitem_response_internalservererror_innerbusy.xml"));
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].error.code, "ErrorInternalServerError");
  EXPECT_EQ(r[0].error.innerCode, "ErrorServerBusy");
  EXPECT_TRUE(r[0].error.isServerBusy());
  EXPECT_EQ(r[0].error.backOffMilliseconds, 1500);
  EXPECT_FALSE(r[1].ok());
  EXPECT_EQ(r[1].error.code, "ErrorBatchProcessingStopped");
  EXPECT_FALSE(r[1].error.isServerBusy());
  EXPECT_EQ(r[2].error.code, "ErrorAccessDenied");
  EXPECT_EQ(r[2].error.kind, ErrorKind::kExchange);
}

TEST(GetItemResponseTest, OtherOperationOrEmptyAnswerIsParseError) {
  // A MarkAsJunk answer is a valid EWS response, but not to GetItem.
  Result<std::vector<ItemResult>> r = parseGetItemResponse(
      200, sharedFile("response_erroritemnotfound_markasjunk_exchange2013_msdocs.xml"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
  const std::string empty =
      "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>"
      "<m:GetItemResponse xmlns:m='http://schemas.microsoft.com/exchange/services/2006/messages'>"
      "<m:ResponseMessages/></m:GetItemResponse></s:Body></s:Envelope>";
  r = parseGetItemResponse(200, empty);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
}

TEST(GetItemResponseTest, DoctypeIsRefused) {
  const std::string xml =
      "<!DOCTYPE x [<!ENTITY e 'boom'>]>" + dataFile("getitem_response_2013_mixed.xml").substr(39);
  Result<std::vector<ItemResult>> r = parseGetItemResponse(200, xml);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
}

// pugixml passes ill-formed bytes through: everything ENP forwards comes out as UTF-8, each
// ill-formed subpart replaced by U+FFFD, the well-formed rest (emoji included) untouched.
TEST(GetItemResponseTest, IllFormedUtf8IsReplacedInEverythingForwarded) {
  std::string xml = dataFile("getitem_response_2013_mixed.xml");
  xml = replaceAll(xml, "Budget for Q3", "Bud\xFFget \xF0\x9F\x98\x80 &#xD800; for Q3");
  xml = replaceAll(xml, "<t:Name>Alice Example",
                   "<t:Name>Alice \xC3"
                   "Example");
  xml = replaceAll(xml, "<t:EmailAddress>/O=CONTOSO", "<t:EmailAddress>\xC0\xAF/O=CONTOSO");
  xml = replaceAll(xml, "<t:RoutingType>EX", "<t:RoutingType>E\x80X");
  xml = replaceAll(xml, "Hi team", "Hi \xED\xA0\x80team");
  xml = replaceAll(xml, "IPM.Note", "IPM.Note\xF4\x90\x80\x80");
  xml = replaceAll(xml, "alice@contoso.com", "alice\xFE@contoso.com");
  xml = replaceAll(xml, "AAMkAD-one", "AAMkAD-one\xE2\x82");
  xml = replaceAll(xml, "2024-03-04T08:00:01Z", "2024-03-04T08:00:01Z\xFF");
  xml = replaceAll(xml, "<t:Importance>High", "<t:Importance>Hi\xC3gh");
  xml = replaceAll(xml, "The specified object", "The spec\xFFified object");
  const std::vector<ItemResult> r = parseOk(xml);
  ASSERT_EQ(r.size(), 3u);
  ASSERT_TRUE(r[0].ok());
  const MailItem& a = r[0].item;
#define R "\xEF\xBF\xBD"
  EXPECT_EQ(a.subject, "Bud" R "get \xF0\x9F\x98\x80 " R R R " for Q3 & Q4 <draft>");
  EXPECT_EQ(a.from.name, "Alice " R "Example");
  EXPECT_TRUE(a.from.emailAddress.starts_with(R R "/O=CONTOSO/")) << a.from.emailAddress;
  EXPECT_EQ(a.from.routingType, "E" R "X");
  EXPECT_EQ(a.preview, "Hi " R R R "team, the numbers are in. Ünïcödé too.");
  EXPECT_EQ(a.itemClass, "IPM.Note" R R R R);
  EXPECT_EQ(a.senderSmtpAddress, "alice" R "@contoso.com");
  EXPECT_EQ(a.itemId, "AAMkAD-one" R);
  EXPECT_EQ(a.received, "2024-03-04T08:00:01Z" R);
  EXPECT_EQ(a.importance, "Hi" R "gh");
  EXPECT_TRUE(r[2].error.message.starts_with("The spec" R "ified object")) << r[2].error.message;
#undef R
}

TEST(GetItemResponseTest, FaultTextIsRepaired) {
  const std::string xml =
      replaceAll(sharedFile("soapfault_errorserverbusy_backoffmilliseconds_exchangelib.xml"),
                 "The server cannot", "The server\xC3 cannot");
  Result<std::vector<ItemResult>> r = parseGetItemResponse(500, xml);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kSoapFault);
  EXPECT_EQ(r.error().code, "ErrorServerBusy");
  EXPECT_TRUE(r.error().message.starts_with("The server\xEF\xBF\xBD cannot")) << r.error().message;
}

// The first GetItemResponseMessage of the 2013 fixture, count times, in place of all three.
std::string withMessages(int count) {
  const std::string xml = dataFile("getitem_response_2013_mixed.xml");
  const std::string open = "<m:GetItemResponseMessage";
  const std::string close = "</m:GetItemResponseMessage>";
  const size_t begin = xml.find(open);
  const size_t end = xml.find(close) + close.size();
  const size_t last = xml.rfind(close) + close.size();
  return xml.substr(0, begin) + repeat(xml.substr(begin, end - begin), count) + xml.substr(last);
}

TEST(GetItemResponseTest, BatchesOfManyItemsPass) {
  for (int count : {8, 500}) {
    const std::vector<ItemResult> r = parseOk(withMessages(count));
    ASSERT_EQ(r.size(), static_cast<size_t>(count));
    EXPECT_EQ(r.back().item.senderSmtpAddress, "alice@contoso.com");
  }
}

TEST(GetItemResponseTest, HostileAnswersAreParseErrorsNamingTheLimit) {
  const std::string kEnvelope = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"";
  Result<std::vector<ItemResult>> r = parseGetItemResponse(
      200, replaceAll(withMessages(1), kEnvelope, kEnvelope + manyAttributes(100'000)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
  EXPECT_EQ(r.error().message,
            "XML attribute limit exceeded: more than 64 attributes on one element");
  r = parseGetItemResponse(
      200, replaceAll(replaceAll(withMessages(1), "<t:Subject>", "<p:Subject>"), "</t:Subject>",
                      "</p:Subject>"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
  EXPECT_EQ(r.error().message, "undeclared namespace prefix 'p' on an element");
  // A SOAP fault is searched for descendants: 13k nested elements are refused before that.
  const std::string fault =
      kEnvelope + "><s:Body><s:Fault><faultcode>s:Server</faultcode><detail>" +
      repeat("<e:ResponseCode xmlns:e='urn:e'>", 13'000) + repeat("</e:ResponseCode>", 13'000) +
      "</detail></s:Fault></s:Body></s:Envelope>";
  r = parseGetItemResponse(200, fault);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
  EXPECT_EQ(r.error().message, "XML element depth limit exceeded: more than 64 nested elements");
  EXPECT_EQ(r.error().httpStatus, 200);
  // With an error status the body is no SOAP fault, so the status decides.
  r = parseGetItemResponse(500, fault);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kHttp);
}

}  // namespace
}  // namespace ews
