#include "ews/find_item.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <string>
#include <vector>

#include "test_util.h"

namespace ews {
namespace {

using test::replaceAll;
using test::sharedFile;

FindItemRequest aliceSince(int64_t ms) {
  FindItemRequest r;
  r.mailbox = "alice@contoso.com";
  r.receivedAfterMs = ms;
  return r;
}

TEST(FindItemRequestTest, InboxSinceAnInstantOldestFirstOnePage) {
  FindItemRequest r = aliceSince(1709630100999);  // 2024-03-05T09:15:00.999Z
  r.maxEntries = 50;
  r.offset = 100;
  const std::string xml = buildFindItem(r);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  const pugi::xml_node find = doc.select_node("//m:FindItem").node();
  EXPECT_STREQ(find.attribute("Traversal").value(), "Shallow");
  std::vector<std::string> children;
  for (const pugi::xml_node& c : find.children()) {
    children.push_back(c.name());
  }
  EXPECT_EQ(children,
            (std::vector<std::string>{"m:ItemShape", "m:IndexedPageItemView", "m:Restriction",
                                      "m:SortOrder", "m:ParentFolderIds"}));
  const pugi::xml_node view = find.child("m:IndexedPageItemView");
  EXPECT_EQ(view.attribute("MaxEntriesReturned").as_int(), 50);
  EXPECT_EQ(view.attribute("Offset").as_int(), 100);
  EXPECT_STREQ(view.attribute("BasePoint").value(), "Beginning");
  EXPECT_STREQ(doc.select_node("//t:IsGreaterThan/t:FieldURI").node().attribute("FieldURI").value(),
               "item:DateTimeReceived");
  EXPECT_STREQ(doc.select_node("//t:Constant").node().attribute("Value").value(),
               "2024-03-05T09:15:00Z");
  EXPECT_STREQ(doc.select_node("//t:FieldOrder").node().attribute("Order").value(), "Ascending");
  EXPECT_STREQ(doc.select_node("//t:DistinguishedFolderId").node().attribute("Id").value(),
               "inbox");
  EXPECT_STREQ(doc.select_node("//t:SmtpAddress").node().text().get(), "alice@contoso.com");
}

TEST(FindItemRequestTest, PageSizeAndOffsetAreClamped) {
  FindItemRequest r = aliceSince(0);
  r.maxEntries = 0;
  r.offset = -3;
  std::string xml = buildFindItem(r);
  EXPECT_NE(xml.find("MaxEntriesReturned=\"1\" Offset=\"0\""), std::string::npos) << xml;
  r.maxEntries = 5000;
  xml = buildFindItem(r);
  EXPECT_NE(xml.find("MaxEntriesReturned=\"1000\""), std::string::npos);
}

// The MS docs answer, with the namespace URIs its page revision misspells set right.
std::string msdocsAnswer(const char* name) {
  return replaceAll(sharedFile(name), "https://schemas.microsoft.com",
                    "http://schemas.microsoft.com");
}

TEST(FindItemResponseTest, MsDocsAnswer) {
  EXPECT_FALSE(
      parseFindItemResponse(200, sharedFile("finditem_response_idonly_exchange2007_msdocs.xml"))
          .ok());  // As published: unknown namespaces.
  Result<FindItemPage> r =
      parseFindItemResponse(200, msdocsAnswer("finditem_response_idonly_exchange2007_msdocs.xml"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->items.size(), 2u);
  EXPECT_EQ(r->items[0].itemId, "AS4AUn=");
  EXPECT_EQ(r->items[0].changeKey, "fsVU4==");
  EXPECT_EQ(r->items[1].itemId, "AS4AUM=");
  EXPECT_EQ(r->items[0].received, "");
  EXPECT_FALSE(r->items[0].receivedMs);
  EXPECT_TRUE(r->includesLastItemInRange);
  EXPECT_EQ(r->totalItemsInView, 10);
  EXPECT_EQ(r->nextOffset, 2);  // No IndexedPagingOffset: offset + items.
}

TEST(FindItemResponseTest, MsDocsError) {
  Result<FindItemPage> r = parseFindItemResponse(
      200, msdocsAnswer("finditem_response_error_invalididmalformed_exchange2007_msdocs.xml"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kExchange);
  EXPECT_EQ(r.error().code, "ErrorInvalidIdMalformed");
  EXPECT_EQ(r.error().message, "Id is malformed.");
}

TEST(FindItemResponseTest, PagedAnswerWithReceivedTimes) {
  const std::string xml = test::dataFile("finditem_response_paged.xml");
  Result<FindItemPage> r = parseFindItemResponse(200, xml, 0);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->items.size(), 3u);
  EXPECT_EQ(r->items[0].itemId, "AAMkAD-first");
  EXPECT_EQ(r->items[0].received, "2024-03-05T09:15:01Z");
  EXPECT_EQ(r->items[0].receivedMs, 1709630101000);
  EXPECT_EQ(r->items[1].itemId, "AAMkAD-meeting");  // A MeetingRequest counts too.
  EXPECT_EQ(r->items[2].changeKey, "");
  EXPECT_EQ(r->items[2].receivedMs, 1709631000000);
  EXPECT_FALSE(r->includesLastItemInRange);
  EXPECT_EQ(r->nextOffset, 3);
  EXPECT_EQ(r->totalItemsInView, 7);
}

TEST(FindItemResponseTest, BrokenAnswers) {
  const std::string xml = test::dataFile("finditem_response_paged.xml");
  Result<FindItemPage> r =
      parseFindItemResponse(200, replaceAll(xml, "Id=\"AAMkAD-first\"", "Id=\"\""));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
  r = parseFindItemResponse(200, replaceAll(xml, "AAMkAD-first", "AAMk\x7f"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("ItemId/@Id"), std::string::npos);
  std::string noRoot =
      xml.substr(0, xml.find("<m:RootFolder")) + xml.substr(xml.find("</m:RootFolder>") + 15);
  r = parseFindItemResponse(200, noRoot);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("RootFolder"), std::string::npos);
  r = parseFindItemResponse(500, test::dataFile("soapfault_errorimpersonateuserdenied.xml"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ErrorImpersonateUserDenied");
  r = parseFindItemResponse(200, replaceAll(xml, "2024-03-05T09:30:00Z", "yesterday"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->items[2].received, "yesterday");
  EXPECT_FALSE(r->items[2].receivedMs);  // Not a time: the caller falls back to its own.
  // Unparseable paging attributes fall back to what the page shows.
  r = parseFindItemResponse(
      200, replaceAll(xml, "IndexedPagingOffset=\"3\"", "IndexedPagingOffset=\"-1\""), 10);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->nextOffset, 13);
}

}  // namespace
}  // namespace ews
