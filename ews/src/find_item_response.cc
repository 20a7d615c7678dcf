#include <charconv>

#include "ews/date_time.h"
#include "ews/find_item.h"
#include "response_message.h"
#include "soap_names.h"

namespace ews {
namespace {

// An xs:int attribute, or nullopt when absent or not a non-negative number.
std::optional<int> intAttribute(const pugi::xml_node& node, const char* name) {
  const std::string text = xml::trim(node.attribute(name).value());
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

Result<FindItemPage> parseFindItemResponse(long httpStatus, std::string_view body,
                                           int requestOffset) {
  xml::Document doc;
  Result<pugi::xml_node> message =
      detail::successMessage(doc, httpStatus, body, "FindItemResponse", "FindItemResponseMessage");
  if (!message) {
    return message.error();
  }
  const pugi::xml_node root = doc.child(*message, ns::kMessages, "RootFolder");
  if (!root) {
    return detail::answerError("FindItemResponseMessage without RootFolder", httpStatus);
  }
  FindItemPage page;
  for (const pugi::xml_node& item : doc.child(root, ns::kTypes, "Items").children()) {
    if (item.type() != pugi::node_element || doc.namespaceUri(item) != ns::kTypes) {
      continue;
    }
    const pugi::xml_node id = doc.child(item, ns::kTypes, "ItemId");
    FoundItem found;
    found.itemId = xml::trim(id.attribute("Id").value());
    found.changeKey = xml::trim(id.attribute("ChangeKey").value());
    found.received = xml::trimmedText(doc.child(item, ns::kTypes, "DateTimeReceived"));
    if (found.itemId.empty()) {
      return detail::answerError("FindItem item without ItemId", httpStatus);
    }
    for (const auto& [field, value] :
         {std::pair<const char*, const std::string&>{"ItemId/@Id", found.itemId},
          {"ItemId/@ChangeKey", found.changeKey},
          {"DateTimeReceived", found.received}}) {
      if (std::optional<Error> e = detail::checkPlainText(field, value, httpStatus)) {
        return *e;
      }
    }
    found.receivedMs = parseDateTimeMs(found.received);
    page.items.push_back(std::move(found));
  }
  const std::string last = xml::trim(root.attribute("IncludesLastItemInRange").value());
  page.includesLastItemInRange = last != "false" && last != "0";
  page.totalItemsInView = intAttribute(root, "TotalItemsInView").value_or(0);
  page.nextOffset = intAttribute(root, "IndexedPagingOffset")
                        .value_or(requestOffset + static_cast<int>(page.items.size()));
  return page;
}

}  // namespace ews
