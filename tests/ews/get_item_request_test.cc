#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <string>
#include <vector>

#include "ews/get_item.h"

namespace ews {
namespace {

// Field URIs asked for, in order, and the BodyType element's text ("" when absent).
struct Shape {
  std::vector<std::string> fields;
  std::string bodyType;
  std::vector<std::string> ids;
  std::string version;
  std::string smtpAddress;
};

Shape shapeOf(const std::string& xml) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml.c_str()));
  Shape s;
  const pugi::xml_node envelope = doc.child("soap:Envelope");
  const pugi::xml_node header = envelope.child("soap:Header");
  s.version = header.child("t:RequestServerVersion").attribute("Version").value();
  s.smtpAddress = header.child("t:ExchangeImpersonation")
                      .child("t:ConnectingSID")
                      .child("t:SmtpAddress")
                      .text()
                      .get();
  const pugi::xml_node getItem = envelope.child("soap:Body").child("m:GetItem");
  const pugi::xml_node shape = getItem.child("m:ItemShape");
  s.bodyType = shape.child("t:BodyType").text().get();
  for (const pugi::xml_node& p : shape.child("t:AdditionalProperties").children()) {
    s.fields.push_back(p.attribute("FieldURI") ? p.attribute("FieldURI").value()
                                               : std::string(p.attribute("PropertyTag").value()) +
                                                     "/" + p.attribute("PropertyType").value());
  }
  for (const pugi::xml_node& id : getItem.child("m:ItemIds").children("t:ItemId")) {
    s.ids.push_back(id.attribute("Id").value());
  }
  return s;
}

TEST(GetItemRequestTest, Exchange2013AsksForPreview) {
  const Shape s = shapeOf(buildGetItem({"alice@contoso.com", ServerVersion::kExchange2013, {"A"}}));
  EXPECT_EQ(s.version, "Exchange2013");
  EXPECT_EQ(s.smtpAddress, "alice@contoso.com");
  EXPECT_EQ(s.bodyType, "");
  const std::vector<std::string> expected = {
      "item:Subject", "item:DateTimeReceived", "item:Importance", "item:ItemClass",
      "message:From", "message:Sender",        "0x5D01/String",   "item:Preview"};
  EXPECT_EQ(s.fields, expected);
  EXPECT_EQ(s.ids, std::vector<std::string>{"A"});
}

TEST(GetItemRequestTest, Exchange2010AsksForTextBody) {
  const Shape s =
      shapeOf(buildGetItem({"bob@contoso.com", ServerVersion::kExchange2010_SP2, {"1", "2", "3"}}));
  EXPECT_EQ(s.version, "Exchange2010_SP2");
  EXPECT_EQ(s.bodyType, "Text");
  ASSERT_FALSE(s.fields.empty());
  EXPECT_EQ(s.fields.back(), "item:Body");
  EXPECT_EQ(s.ids, (std::vector<std::string>{"1", "2", "3"}));
}

TEST(GetItemRequestTest, OddCharactersAreEscapedAndRoundTrip) {
  const std::string mailbox = "o'brien&\"sons\"</t:SmtpAddress><x>@contoso.com";
  const std::string id = "id\"/><t:ItemId Id=\"injected";
  const std::string xml = buildGetItem({mailbox, ServerVersion::kExchange2016, {id}});
  const Shape s = shapeOf(xml);
  EXPECT_EQ(s.smtpAddress, mailbox);
  EXPECT_EQ(s.ids, std::vector<std::string>{id});
  EXPECT_EQ(xml.find("<x>"), std::string::npos);
}

TEST(GetItemRequestTest, Headers) {
  const Headers h =
      getItemHeaders({"alice@contoso.com\r\nX-Evil: 1", ServerVersion::kExchange2013, {}});
  HttpReply asReply;  // Reuse the case-insensitive look-up.
  asReply.headers = h;
  EXPECT_EQ(asReply.header("Content-Type"), "text/xml; charset=utf-8");
  EXPECT_EQ(asReply.header("SOAPAction"),
            "http://schemas.microsoft.com/exchange/services/2006/messages/GetItem");
  EXPECT_EQ(asReply.header("X-AnchorMailbox"), "alice@contoso.comX-Evil: 1");
}

}  // namespace
}  // namespace ews
