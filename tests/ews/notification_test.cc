#include "ews/notification.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <sstream>
#include <string>

#include "test_util.h"

namespace ews {
namespace {

using test::dataFile;
using test::manyAttributes;
using test::repeat;
using test::replaceAll;
using test::sharedFile;

SendNotification parseOk(const std::string& xml) {
  Result<SendNotification> r = parseSendNotification(xml);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  return r.ok() ? r.value() : SendNotification{};
}

void expectParseError(const std::string& xml) {
  Result<SendNotification> r = parseSendNotification(xml);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse) << r.error().describe();
}

// The message of the kParse error; "" (and a test failure) when xml is accepted.
std::string parseErrorMessage(const std::string& xml) {
  Result<SendNotification> r = parseSendNotification(xml);
  EXPECT_FALSE(r.ok());
  if (r.ok()) {
    return "";
  }
  EXPECT_EQ(r.error().kind, ErrorKind::kParse) << r.error().describe();
  return r.error().message;
}

TEST(SendNotificationTest, ExchangelibStatusEventExchange2016) {
  const SendNotification n =
      parseOk(sharedFile("sendnotification_statusevent_exchange2016_exchangelib.xml"));
  ASSERT_EQ(n.notifications.size(), 1u);
  EXPECT_TRUE(n.errors.empty());
  const Notification& x = n.notifications[0];
  EXPECT_EQ(x.subscriptionId, "XXXXX=");
  EXPECT_EQ(x.previousWatermark, "AAAAA=");
  EXPECT_FALSE(x.moreEvents);
  ASSERT_EQ(x.events.size(), 1u);
  EXPECT_EQ(x.events[0].type, EventType::kStatus);
  EXPECT_EQ(x.events[0].watermark, "BBBBB=");
  EXPECT_TRUE(x.events[0].itemId.empty());
}

// SOURCES.md: line 1 is a copy-paste artifact (version="1.0 (http://...)"), the rest is fine.
TEST(SendNotificationTest, WorkmailSampleAsPublishedIsRefusedAndParsesWithoutArtifact) {
  const std::string raw = sharedFile("sendnotification_statusevent_exchange2010sp2_workmail.xml");
  expectParseError(raw);
  const std::string fixed = raw.substr(raw.find('\n') + 1);
  const SendNotification n = parseOk(fixed);
  ASSERT_EQ(n.notifications.size(), 1u);
  EXPECT_EQ(n.notifications[0].subscriptionId, "hKJETtoAdi9PPW0tZDQ4MThmMDoVYB");
  ASSERT_EQ(n.notifications[0].events.size(), 1u);
  EXPECT_EQ(n.notifications[0].events[0].watermark, "AAAAAAAAAAA=");
}

TEST(SendNotificationTest, EveryEventTypeInDocumentOrderWithMoreEvents) {
  const SendNotification n = parseOk(dataFile("sendnotification_all_events_moreevents.xml"));
  ASSERT_EQ(n.notifications.size(), 1u);
  const Notification& x = n.notifications[0];
  EXPECT_EQ(x.subscriptionId, "sub-all-events");
  EXPECT_EQ(x.previousWatermark, "WM0");
  EXPECT_TRUE(x.moreEvents);
  std::string summary;
  for (const Event& e : x.events) {
    summary += std::string(toString(e.type)) + "(" + e.watermark + "," + e.itemId + "," +
               e.folderId + "," + e.parentFolderId + ")";
  }
  EXPECT_EQ(summary,
            "NewMailEvent(WM1,item-new,,inbox)"
            "CreatedEvent(WM2,item-new,,inbox)"
            "ModifiedEvent(WM3,,inbox,root)"
            "MovedEvent(WM4,item-moved,,archive)"
            "CopiedEvent(WM5,,folder-copy,root)"
            "DeletedEvent(WM6,item-deleted,,deleteditems)"
            "FreeBusyChangedEvent(WM7,item-calendar,,calendar)"
            "StatusEvent(WM8,,,)");
  EXPECT_EQ(x.events[0].timeStamp, "2024-03-04T08:00:01Z");
  EXPECT_TRUE(x.events[7].timeStamp.empty());
}

TEST(SendNotificationTest, SeveralMessagesDefaultNamespaceAndOddPrefixes) {
  const SendNotification n = parseOk(dataFile("sendnotification_two_messages_default_ns.xml"));
  ASSERT_EQ(n.notifications.size(), 2u);
  EXPECT_EQ(n.notifications[0].subscriptionId, "sub-one");
  ASSERT_EQ(n.notifications[0].events.size(), 2u);
  EXPECT_EQ(n.notifications[0].events[0].itemId, "AAMk&one");  // Entity decoded.
  EXPECT_EQ(n.notifications[0].events[1].itemId, "AAMk-two");
  EXPECT_EQ(n.notifications[1].subscriptionId, "sub-two");
  EXPECT_EQ(n.notifications[1].previousWatermark, "");
  ASSERT_EQ(n.notifications[1].events.size(), 1u);
  EXPECT_EQ(n.notifications[1].events[0].type, EventType::kStatus);
}

TEST(SendNotificationTest, ErrorFormWithoutNotification) {
  const SendNotification n = parseOk(dataFile("sendnotification_error_readeventsfailed.xml"));
  ASSERT_EQ(n.errors.size(), 1u);
  EXPECT_EQ(n.errors[0].responseCode, "ErrorReadEventsFailed");
  EXPECT_EQ(n.errors[0].messageText, "Unable to read events.");
  EXPECT_EQ(n.errors[0].subscriptionId, "sub-broken");
  ASSERT_EQ(n.notifications.size(), 1u);
  EXPECT_EQ(n.notifications[0].subscriptionId, "sub-alive");
}

// Pull (GetEvents) carries the same NotificationType payload; renamed to the push operation
// (a documented edit of the sample), its two NewMailEvents must come through.
TEST(SendNotificationTest, GetEventsPayloadRenamedToPush) {
  std::string xml = sharedFile("geteventsresponse_2x_newmailevent_exchange2007_msdocs.xml");
  expectParseError(xml);  // As published it is a GetEventsResponse, not a SendNotification.
  xml = replaceAll(xml, "GetEventsResponseMessage", "SendNotificationResponseMessage");
  xml = replaceAll(xml, "GetEventsResponse", "SendNotification");
  const SendNotification n = parseOk(xml);
  ASSERT_EQ(n.notifications.size(), 1u);
  ASSERT_EQ(n.notifications[0].events.size(), 2u);
  EXPECT_EQ(n.notifications[0].events[0].itemId, "AQApAHR");
  EXPECT_EQ(n.notifications[0].events[1].itemId, "AQApAHRw");
  EXPECT_EQ(n.notifications[0].events[1].watermark, "AAAAAOQGAAAAAAAAAQ==");
}

// Both streaming samples are not well-formed (SOURCES.md 1). The fragment has two roots, the
// other an unclosed Envelope and the wrong https:// SOAP namespace.
TEST(SendNotificationTest, MalformedStreamingSamplesAreParseErrors) {
  expectParseError(sharedFile(
      "getstreamingeventsresponse_created_newmail_modified_exchange2013_msdocs_fragment.xml"));
  expectParseError(
      sharedFile("getstreamingeventsresponse_created_newmail_modified_exchange2013_howto_msdocs_"
                 "unterminated.xml"));
}

// The streaming fragment's Notification element is fine; inside a push envelope it parses.
TEST(SendNotificationTest, StreamingNotificationInsidePushEnvelope) {
  const std::string fragment = sharedFile(
      "getstreamingeventsresponse_created_newmail_modified_exchange2013_msdocs_fragment.xml");
  const size_t begin = fragment.find("<m:Notification>");
  const size_t end = fragment.find("</m:Notification>") + std::string("</m:Notification>").size();
  ASSERT_NE(begin, std::string::npos);
  const std::string xml =
      "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>"
      "<m:SendNotification xmlns:m='http://schemas.microsoft.com/exchange/services/2006/messages'"
      " xmlns:t='http://schemas.microsoft.com/exchange/services/2006/types'><m:ResponseMessages>"
      "<m:SendNotificationResponseMessage ResponseClass='Success'>"
      "<m:ResponseCode>NoError</m:ResponseCode>" +
      fragment.substr(begin, end - begin) +
      "</m:SendNotificationResponseMessage></m:ResponseMessages></m:SendNotification>"
      "</s:Body></s:Envelope>";
  const SendNotification n = parseOk(xml);
  ASSERT_EQ(n.notifications.size(), 1u);
  const auto& events = n.notifications[0].events;
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, EventType::kCreated);
  EXPECT_EQ(events[1].type, EventType::kNewMail);
  EXPECT_EQ(events[0].itemId, events[1].itemId);
  EXPECT_TRUE(events[1].watermark.empty());
  EXPECT_EQ(events[2].type, EventType::kModified);
  EXPECT_TRUE(events[2].itemId.empty());
  EXPECT_FALSE(events[2].folderId.empty());
}

const char* kMinimal =
    "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>"
    "<m:SendNotification xmlns:m='http://schemas.microsoft.com/exchange/services/2006/messages'"
    " xmlns:t='http://schemas.microsoft.com/exchange/services/2006/types'><m:ResponseMessages>"
    "<m:SendNotificationResponseMessage ResponseClass='Success'><m:ResponseCode>NoError"
    "</m:ResponseCode><m:Notification><t:SubscriptionId>S</t:SubscriptionId>"
    "EVENTS</m:Notification></m:SendNotificationResponseMessage></m:ResponseMessages>"
    "</m:SendNotification></s:Body></s:Envelope>";

std::string minimalWith(const std::string& events) {
  return replaceAll(kMinimal, "EVENTS", events);
}

TEST(SendNotificationTest, MatchesOnNamespaceNotPrefix) {
  // An event element with the right local name in a foreign namespace is not an event.
  const SendNotification n = parseOk(
      minimalWith("<x:NewMailEvent xmlns:x='urn:decoy'><t:ItemId Id='decoy'/></x:NewMailEvent>"
                  "<t:StatusEvent><t:Watermark>W</t:Watermark></t:StatusEvent>"));
  ASSERT_EQ(n.notifications.size(), 1u);
  ASSERT_EQ(n.notifications[0].events.size(), 1u);
  EXPECT_EQ(n.notifications[0].events[0].type, EventType::kStatus);
  // The right prefix bound to the wrong namespace is not a SendNotification.
  expectParseError(replaceAll(minimalWith(""),
                              "xmlns:m='http://schemas.microsoft.com/exchange/"
                              "services/2006/messages'",
                              "xmlns:m='urn:wrong'"));
  // A SOAP 1.2 or https:// envelope is not the SOAP 1.1 envelope Exchange sends.
  expectParseError(replaceAll(minimalWith(""), "http://schemas.xmlsoap.org/soap/envelope/",
                              "https://schemas.xmlsoap.org/soap/envelope/"));
}

TEST(SendNotificationTest, RefusesDoctypeXxeAndBillionLaughs) {
  const std::string xxe =
      "<?xml version='1.0'?><!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>" +
      replaceAll(kMinimal, "EVENTS",
                 "<t:StatusEvent><t:Watermark>&xxe;</t:Watermark>"
                 "</t:StatusEvent>");
  expectParseError(xxe);
  const std::string laughs =
      "<!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;'>"
      "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;'>]>" +
      replaceAll(kMinimal, "EVENTS",
                 "<t:StatusEvent><t:Watermark>&lol3;</t:Watermark>"
                 "</t:StatusEvent>");
  expectParseError(laughs);
  // A DOCTYPE without an internal subset, and one after a comment, are refused too.
  expectParseError("<!DOCTYPE s:Envelope>" + minimalWith(""));
  expectParseError("<!-- c --><!DOCTYPE x SYSTEM 'http://example.com/x.dtd'>" + minimalWith(""));
  expectParseError(minimalWith("") + "<!DOCTYPE after-the-root>");
  // Without a DOCTYPE the same document parses.
  EXPECT_TRUE(parseSendNotification(minimalWith("<t:StatusEvent/>")).ok());
}

// Shapes that once cost seconds of CPU before being refused (every namespace lookup walked every
// ancestor's attributes) are refused by the structural checks, with the limit named.
TEST(SendNotificationTest, HostileShapesAreRefusedNamingTheLimit) {
  const std::string kEnvelope = "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'";
  const std::string status = "<t:StatusEvent><t:Watermark>W</t:Watermark></t:StatusEvent>";
  // As reported: a 1 MB callback, 100k attributes on the root, 13k siblings in an undeclared
  // prefix.
  EXPECT_EQ(parseErrorMessage(replaceAll(minimalWith(repeat("<p:NewMailEvent/>", 13'000)),
                                         kEnvelope, kEnvelope + manyAttributes(100'000))),
            "XML attribute limit exceeded: more than 64 attributes on one element");
  EXPECT_EQ(parseErrorMessage(
                replaceAll(minimalWith(status), kEnvelope, kEnvelope + manyAttributes(100'000))),
            "XML attribute limit exceeded: more than 64 attributes on one element");
  EXPECT_EQ(parseErrorMessage(minimalWith(repeat("<p:x>", 13'000) + repeat("</p:x>", 13'000))),
            "undeclared namespace prefix 'p' on an element");
  EXPECT_EQ(parseErrorMessage(minimalWith(repeat("<t:x>", 13'000) + repeat("</t:x>", 13'000))),
            "XML element depth limit exceeded: more than 64 nested elements");
  // Notification is at depth 6: 58 more levels are the most it may hold.
  EXPECT_TRUE(parseSendNotification(minimalWith(repeat("<t:x>", 58) + repeat("</t:x>", 58))).ok());
  EXPECT_EQ(parseErrorMessage(minimalWith(repeat("<t:x>", 59) + repeat("</t:x>", 59))),
            "XML element depth limit exceeded: more than 64 nested elements");
  EXPECT_EQ(parseErrorMessage(minimalWith("<t:StatusEvent p:Watermark='W'/>")),
            "undeclared namespace prefix 'p' on an attribute");
  EXPECT_EQ(parseErrorMessage(minimalWith(repeat("<t:x" + manyAttributes(50) + "/>", 2'000))),
            "XML attribute limit exceeded: more than 40000 attributes in the document");
  EXPECT_EQ(parseErrorMessage(minimalWith(repeat(status, 10'000))),
            "XML element limit exceeded: more than 20000 elements");
}

// A busy mailbox: 2,000 events in one POST are far below the caps and all come through.
TEST(SendNotificationTest, ThousandsOfEventsPass) {
  std::string events;
  for (int i = 0; i < 2'000; ++i) {
    events += "<t:NewMailEvent><t:Watermark>W" + std::to_string(i) +
              "</t:Watermark><t:TimeStamp>2024-03-04T08:00:01Z</t:TimeStamp>"
              "<t:ItemId Id='item-" +
              std::to_string(i) +
              "' ChangeKey='CK'/><t:ParentFolderId Id='inbox' ChangeKey='FK'/>"
              "</t:NewMailEvent>";
  }
  const SendNotification n = parseOk(minimalWith(events));
  ASSERT_EQ(n.notifications.size(), 1u);
  ASSERT_EQ(n.notifications[0].events.size(), 2'000u);
  EXPECT_EQ(n.notifications[0].events[1'999].itemId, "item-1999");
}

// Ids, watermarks and time stamps are base64 or xs:dateTime: ill-formed UTF-8 or a control
// character (raw or as a character reference, which pugixml decodes unchecked) refuses the POST.
TEST(SendNotificationTest, InvalidUtf8OrControlCharactersInIdsAreRefused) {
  const std::string event =
      "<t:NewMailEvent><t:Watermark>WM</t:Watermark><t:TimeStamp>2024-03-04T08:00:01Z"
      "</t:TimeStamp><t:ItemId Id='ITEM'/><t:ParentFolderId Id='PARENT'/></t:NewMailEvent>"
      "<t:ModifiedEvent><t:TimeStamp>2024-03-04T08:00:02Z</t:TimeStamp><t:FolderId Id='FOLDER'/>"
      "<t:ParentFolderId Id='root'/></t:ModifiedEvent>";
  const std::string valid = minimalWith("<t:PreviousWatermark>PREV</t:PreviousWatermark>" + event);
  ASSERT_TRUE(parseSendNotification(valid).ok());
  const struct {
    const char* placeholder;
    const char* field;
  } fields[] = {
      {">S<", "SubscriptionId"},        {"PREV", "PreviousWatermark"}, {"WM", "Watermark"},
      {"08:00:01Z", "TimeStamp"},       {"ITEM", "ItemId/@Id"},        {"FOLDER", "FolderId/@Id"},
      {"PARENT", "ParentFolderId/@Id"},
  };
  const char* bad[] = {
      "\xFF",              // Starts no sequence.
      "\xC0\xAF",          // Overlong '/'.
      "\xED\xA0\x80",      // A surrogate.
      "\xF4\x90\x80\x80",  // Above U+10FFFF.
      "\xE2\x82",          // Truncated.
      "&#xD800;",          // A surrogate by reference.
      "\x01",              // C0 control.
      "&#x1B;",            // C0 control by reference.
      "\x7F",              // DEL.
      "&#x85;",            // C1 control (NEL) by reference.
  };
  for (const auto& f : fields) {
    for (const char* b : bad) {
      const std::string placeholder = f.placeholder;
      const std::string spoiled =
          placeholder.front() == '>' ? ">" + placeholder.substr(1, placeholder.size() - 2) + b + "<"
                                     : placeholder + b;
      EXPECT_EQ(parseErrorMessage(replaceAll(valid, placeholder, spoiled)),
                std::string("invalid UTF-8 or a control character in ") + f.field)
          << f.field << " + " << b;
    }
  }
  // Non-ASCII UTF-8 and tab, CR and LF inside a value are fine.
  const SendNotification n = parseOk(replaceAll(
      replaceAll(valid, "ITEM", "\xC3\x9Cn\xC3\xAF\xF0\x9F\x98\x80"), "WM", "W\tM&#13;X"));
  ASSERT_EQ(n.notifications.at(0).events.size(), 2u);
  EXPECT_EQ(n.notifications[0].events[0].itemId, "\xC3\x9Cn\xC3\xAF\xF0\x9F\x98\x80");
  EXPECT_EQ(n.notifications[0].events[0].watermark, "W\tM\rX");
}

TEST(SendNotificationTest, ErrorFormTextIsRepairedAndItsSubscriptionIdChecked) {
  const std::string xml = dataFile("sendnotification_error_readeventsfailed.xml");
  const SendNotification n =
      parseOk(replaceAll(xml, "Unable to read", "Unable\xFF to \xF0\x9F\x98\x80 read"));
  ASSERT_EQ(n.errors.size(), 1u);
  EXPECT_EQ(n.errors[0].messageText, "Unable\xEF\xBF\xBD to \xF0\x9F\x98\x80 read events.");
  EXPECT_EQ(parseErrorMessage(replaceAll(xml, "sub-broken", "sub-\xC3")),
            "invalid UTF-8 or a control character in MessageXml SubscriptionId");
}

TEST(SendNotificationTest, NotWellFormedAndWrongShapesAreParseErrors) {
  expectParseError("");
  expectParseError("not xml at all");
  expectParseError(minimalWith("<t:StatusEvent>"));              // Unclosed element.
  expectParseError(minimalWith("") + "<second/>");               // Two roots.
  expectParseError(" <?xml version='1.0'?>" + minimalWith(""));  // Declaration not first.
  expectParseError(replaceAll(minimalWith(""), "<t:SubscriptionId>S</t:SubscriptionId>", ""));
  expectParseError(replaceAll(minimalWith(""), "<m:Notification>", "<m:Other>"));
  const std::string truncated = minimalWith("<t:StatusEvent/>");
  expectParseError(truncated.substr(0, truncated.size() / 2));
}

// Both documents re-serialized by pugixml (quotes, indentation and declaration normalized), so
// the comparison is on elements, prefixes, namespace declarations and text.
std::string canonical(const std::string& xml) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml.c_str()));
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  return out.str();
}

TEST(SendNotificationResultTest, MatchesExchangelibSamples) {
  const std::string ok = renderSendNotificationResult(SubscriptionStatus::kOk);
  EXPECT_EQ(ok.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0), 0u) << ok;
  EXPECT_EQ(canonical(ok), canonical(sharedFile("sendnotificationresult_ok_exchangelib.xml")));
  EXPECT_EQ(canonical(renderSendNotificationResult(SubscriptionStatus::kUnsubscribe)),
            canonical(sharedFile("sendnotificationresult_unsubscribe_exchangelib.xml")));
  EXPECT_NE(canonical(ok),
            canonical(sharedFile("sendnotificationresult_unsubscribe_exchangelib.xml")));
}

}  // namespace
}  // namespace ews
