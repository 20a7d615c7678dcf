// Validates what ENP sends (and the fixtures it parses) against the Exchange 2019 schema with
// xmllint, the way SOURCES.md 7 describes: each SOAP Body child and each Header child becomes a
// standalone document carrying the namespace declarations in scope.
#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "ews/availability.h"
#include "ews/find_item.h"
#include "ews/get_item.h"
#include "ews/subscribe.h"
#include "test_util.h"

namespace ews {
namespace {

using test::TempDir;

std::string localName(const pugi::xml_node& n) {
  const std::string name = n.name();
  return name.substr(name.find(':') + 1);
}

// node as a document of its own, with every xmlns declaration of its ancestors copied onto it
// (the nearest declaration of a prefix wins).
std::string standalone(const pugi::xml_node& node) {
  pugi::xml_document out;
  pugi::xml_node copy = out.append_copy(node);
  for (pugi::xml_node a = node.parent(); a && a.type() == pugi::node_element; a = a.parent()) {
    for (const pugi::xml_attribute& attr : a.attributes()) {
      const std::string name = attr.name();
      if ((name == "xmlns" || name.rfind("xmlns:", 0) == 0) && !copy.attribute(name.c_str())) {
        copy.append_attribute(name.c_str()) = attr.value();
      }
    }
  }
  std::ostringstream s;
  out.save(s, "", pugi::format_raw);
  return s.str();
}

// The Body child (always) and the Header children (when withHeader) of a SOAP envelope.
std::vector<std::string> soapParts(const std::string& xml, bool withHeader) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml.c_str()));
  std::vector<std::string> parts;
  for (const pugi::xml_node& section : doc.document_element().children()) {
    if (localName(section) == "Body" || (withHeader && localName(section) == "Header")) {
      for (const pugi::xml_node& c : section.children()) {
        if (c.type() == pugi::node_element) {
          parts.push_back(standalone(c));
        }
      }
    }
  }
  return parts;
}

// xmllint's verdict on every part; the output is kept for the failure message.
int validate(const std::vector<std::string>& parts, std::string* output) {
  TempDir dir;
  std::string files;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string path = dir.file("part" + std::to_string(i) + ".xml");
    test::writeFile(path, parts[i]);
    files += " '" + path + "'";
  }
  const std::string schema =
      test::sharedPath("schema/validation/validate-exchange-2019-onprem-smartlet.xsd");
  return test::runCommand("xmllint --noout --nonet --schema '" + schema + "'" + files, output);
}

struct Case {
  const char* name;
  ServerVersion version;
  std::string mailbox;
  std::vector<std::string> ids;
};

TEST(SchemaValidationTest, EveryGetItemRequestValidates) {
  const std::vector<Case> cases = {
      {"2010 one item", ServerVersion::kExchange2010, "alice@contoso.com", {"AAMkADEz="}},
      {"2010_SP2 several", ServerVersion::kExchange2010_SP2, "bob@contoso.com", {"a", "b", "c"}},
      {"2007_SP1", ServerVersion::kExchange2007_SP1, "carol@contoso.com", {"x"}},
      {"2013 one item", ServerVersion::kExchange2013, "dave@contoso.com", {"AAMk+/=="}},
      {"2013 several", ServerVersion::kExchange2013_SP1, "eve@contoso.com", {"1", "2"}},
      {"2016 odd characters",
       ServerVersion::kExchange2016,
       "o'brien&\"sons\"<x>]]>@contoso.com",
       {"id&<>\"'", "ïd-ünïcode", "]]>"}},
  };
  for (const Case& c : cases) {
    const std::string xml = buildGetItem({c.mailbox, c.version, c.ids});
    const std::vector<std::string> parts = soapParts(xml, true);
    ASSERT_EQ(parts.size(), 3u) << c.name;  // GetItem, RequestServerVersion, ExchangeImpersonation.
    std::string output;
    EXPECT_EQ(validate(parts, &output), 0) << c.name << "\n" << xml << "\n" << output;
  }
}

TEST(SchemaValidationTest, BrokenRequestIsRejectedSoTheSchemaIsReallyApplied) {
  std::string xml = buildGetItem({"alice@contoso.com", ServerVersion::kExchange2013, {"id"}});
  xml = test::replaceAll(xml, ">IdOnly<", ">Bogus<");
  std::string output;
  EXPECT_NE(validate(soapParts(xml, false), &output), 0);
  EXPECT_NE(output.find("Bogus"), std::string::npos) << output;
}

// The request ENP sends: its Body child and both header children validate.
void expectValidRequest(const std::string& name, const std::string& xml) {
  const std::vector<std::string> parts = soapParts(xml, true);
  ASSERT_EQ(parts.size(), 3u) << name;  // Operation, RequestServerVersion, ExchangeImpersonation.
  std::string output;
  EXPECT_EQ(validate(parts, &output), 0) << name << "\n" << xml << "\n" << output;
}

TEST(SchemaValidationTest, EverySubscribeRequestValidates) {
  SubscribeRequest fresh;
  fresh.mailbox = "alice@contoso.com";
  fresh.callbackUrl = "https://enp.contoso.com/ews/notify/abc";
  expectValidRequest("fresh", buildSubscribe(fresh));
  SubscribeRequest resumed = fresh;
  resumed.version = ServerVersion::kExchange2016;
  resumed.watermark = "AQAAAEYY0t0AAAAAAAAAAA==";
  resumed.statusFrequencyMinutes = 1440;
  resumed.extraEventTypes = {EventType::kCreated, EventType::kModified, EventType::kMoved,
                             EventType::kCopied,  EventType::kDeleted,  EventType::kFreeBusyChanged,
                             EventType::kStatus};
  expectValidRequest("resumed, every type", buildSubscribe(resumed));
  SubscribeRequest odd = fresh;
  odd.version = ServerVersion::kExchange2010_SP2;
  odd.mailbox = "o'brien&<x>@contoso.com";
  odd.callbackUrl = "https://enp/notify?a=1&b=]]>";
  odd.statusFrequencyMinutes = 0;
  expectValidRequest("odd text, clamped frequency", buildSubscribe(odd));
}

TEST(SchemaValidationTest, EveryFindItemRequestValidates) {
  FindItemRequest r;
  r.mailbox = "alice@contoso.com";
  r.receivedAfterMs = 1709630100999;
  expectValidRequest("first page", buildFindItem(r));
  r.version = ServerVersion::kExchange2010_SP2;
  r.offset = 1000;
  r.maxEntries = 100000;
  r.receivedAfterMs = 0;
  expectValidRequest("later page, 2010_SP2", buildFindItem(r));
}

TEST(SchemaValidationTest, EveryGetUserAvailabilityRequestValidates) {
  AvailabilityRequest r;
  r.mailbox = "alice@contoso.com";
  r.windowStartMs = 1709596800000;
  r.windowEndMs = 1709683200000;
  expectValidRequest("one day", buildGetUserAvailability(r));
  r.version = ServerVersion::kExchange2010_SP1;
  r.mailbox = "o'brien&<x>@contoso.com";
  expectValidRequest("odd address, 2010_SP1", buildGetUserAvailability(r));
}

TEST(SchemaValidationTest, OwnFixturesFollowTheSchema) {
  for (const char* name :
       {"finditem_response_paged.xml", "subscribe_response_error_invalidwatermark.xml",
        "subscribe_response_error_serverbusy_backoff.xml",
        "subscribe_response_error_mailboxmoveinprogress.xml",
        "sendnotification_all_events_moreevents.xml",
        "sendnotification_two_messages_default_ns.xml", "getitem_response_2013_mixed.xml",
        "getitem_response_2010_body.xml", "getitem_response_internalservererror_innerbusy.xml"}) {
    std::string output;
    EXPECT_EQ(validate(soapParts(test::dataFile(name), false), &output), 0) << name << output;
  }
}

}  // namespace
}  // namespace ews
