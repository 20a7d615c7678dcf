#include <algorithm>
#include <pugixml.hpp>

#include "ews/date_time.h"
#include "ews/find_item.h"
#include "soap_request.h"

namespace ews {
namespace {

constexpr const char* kReceived = "item:DateTimeReceived";

void addFieldUri(pugi::xml_node parent) {
  parent.append_child("t:FieldURI").append_attribute("FieldURI") = kReceived;
}

}  // namespace

std::string buildFindItem(const FindItemRequest& request) {
  pugi::xml_document doc;
  pugi::xml_node body = detail::startEnvelope(doc, request.version, request.mailbox);
  pugi::xml_node find = body.append_child("m:FindItem");
  find.append_attribute("Traversal") = "Shallow";
  pugi::xml_node shape = find.append_child("m:ItemShape");
  shape.append_child("t:BaseShape").text().set("IdOnly");
  addFieldUri(shape.append_child("t:AdditionalProperties"));
  pugi::xml_node view = find.append_child("m:IndexedPageItemView");
  view.append_attribute("MaxEntriesReturned") = std::clamp(request.maxEntries, 1, 1000);
  view.append_attribute("Offset") = std::max(request.offset, 0);
  view.append_attribute("BasePoint") = "Beginning";
  pugi::xml_node greater = find.append_child("m:Restriction").append_child("t:IsGreaterThan");
  addFieldUri(greater);
  greater.append_child("t:FieldURIOrConstant")
      .append_child("t:Constant")
      .append_attribute("Value") = formatDateTimeMs(request.receivedAfterMs).c_str();
  pugi::xml_node order = find.append_child("m:SortOrder").append_child("t:FieldOrder");
  order.append_attribute("Order") = "Ascending";
  addFieldUri(order);
  find.append_child("m:ParentFolderIds")
      .append_child("t:DistinguishedFolderId")
      .append_attribute("Id") = "inbox";
  return detail::serialize(doc);
}

}  // namespace ews
