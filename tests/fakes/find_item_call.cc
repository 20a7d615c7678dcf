#include "find_item_call.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <charconv>

#include "exchange_xml.h"
#include "xml_ns.h"

namespace fakes {
namespace {

constexpr std::string_view kReceived = "item:DateTimeReceived";

int intAttribute(const pugi::xml_node& node, const char* name, int fallback) {
  const std::string text = node.attribute(name).value();
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return text.empty() || ec != std::errc() || end != text.data() + text.size() ? fallback : v;
}

bool isReceivedPath(const pugi::xml_node& parent) {
  return std::string_view(child(parent, kTypesNs, "FieldURI").attribute("FieldURI").value()) ==
         kReceived;
}

FindItemParse error(std::string code, std::string text) {
  FindItemParse p;
  p.errorCode = std::move(code);
  p.errorText = std::move(text);
  return p;
}

}  // namespace

std::optional<int64_t> xsDateTimeMs(const std::string& text) {
  try {
    int tz = 0;
    const Poco::DateTime t =
        Poco::DateTimeParser::parse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, text, tz);
    return t.timestamp().epochMicroseconds() / 1000 - static_cast<int64_t>(tz) * 1000;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

FindItemParse parseFindItemRequest(const SoapCall& call) {
  const pugi::xml_node find = call.operation;
  if (std::string_view(find.attribute("Traversal").value()) != "Shallow") {
    return error("ErrorInvalidRequest", "This fake Exchange serves Shallow traversal only.");
  }
  FindItemQuery q;
  for (pugi::xml_node f = child(find, kMessagesNs, "ParentFolderIds").first_child(); f;
       f = f.next_sibling()) {
    if (f.type() == pugi::node_element) {
      q.folderIds.emplace_back(f.attribute("Id").value());
    }
  }
  const pugi::xml_node extra =
      child(child(find, kMessagesNs, "ItemShape"), kTypesNs, "AdditionalProperties");
  for (const pugi::xml_node f : children(extra, kTypesNs, "FieldURI")) {
    q.wantsReceived = q.wantsReceived || f.attribute("FieldURI").value() == kReceived;
  }
  if (const pugi::xml_node view = child(find, kMessagesNs, "IndexedPageItemView")) {
    q.maxEntries = intAttribute(view, "MaxEntriesReturned", -1);
    q.offset = std::max(intAttribute(view, "Offset", 0), 0);
    q.fromEnd = std::string_view(view.attribute("BasePoint").value()) == "End";
  }
  if (const pugi::xml_node restriction = child(find, kMessagesNs, "Restriction")) {
    const pugi::xml_node expr = firstElement(restriction);
    const std::string_view name = localName(expr);
    if (name == "IsGreaterThan") {
      q.compare = FindItemQuery::Compare::kGreater;
    } else if (name == "IsGreaterThanOrEqualTo") {
      q.compare = FindItemQuery::Compare::kGreaterOrEqual;
    } else if (name == "IsLessThan") {
      q.compare = FindItemQuery::Compare::kLess;
    }
    const pugi::xml_node constant =
        child(child(expr, kTypesNs, "FieldURIOrConstant"), kTypesNs, "Constant");
    const auto boundary = xsDateTimeMs(constant.attribute("Value").value());
    if (q.compare == FindItemQuery::Compare::kNone || !isReceivedPath(expr) || !boundary) {
      return error("ErrorUnsupportedQueryFilter",
                   "This fake Exchange restricts on item:DateTimeReceived only.");
    }
    q.boundaryMs = *boundary;
  }
  const pugi::xml_node order = child(child(find, kMessagesNs, "SortOrder"), kTypesNs, "FieldOrder");
  if (order && isReceivedPath(order)) {
    q.ascending = std::string_view(order.attribute("Order").value()) == "Ascending";
  }
  FindItemParse p;
  p.query = std::move(q);
  return p;
}

std::vector<FakeItem> selectItems(const FindItemQuery& q, std::vector<FakeItem> items) {
  std::vector<std::pair<int64_t, FakeItem>> keyed;
  for (FakeItem& item : items) {
    const int64_t received = xsDateTimeMs(item.received).value_or(0);
    const bool keep =
        q.compare == FindItemQuery::Compare::kNone ||
        (q.compare == FindItemQuery::Compare::kGreater && received > q.boundaryMs) ||
        (q.compare == FindItemQuery::Compare::kGreaterOrEqual && received >= q.boundaryMs) ||
        (q.compare == FindItemQuery::Compare::kLess && received < q.boundaryMs);
    if (keep) {
      keyed.emplace_back(received, std::move(item));
    }
  }
  std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) {
      return q.ascending ? a.first < b.first : a.first > b.first;
    }
    return a.second.id < b.second.id;
  });
  std::vector<FakeItem> out;
  for (auto& [received, item] : keyed) {
    out.push_back(std::move(item));
  }
  return out;
}

std::string renderFindItemResponse(const ServerVersionInfo& version, const FindItemQuery& q,
                                   const std::vector<FakeItem>& view) {
  const int total = static_cast<int>(view.size());
  const int count = q.maxEntries < 0 ? total : q.maxEntries;
  int first = q.fromEnd ? std::max(total - q.offset - count, 0) : std::min(q.offset, total);
  int last = q.fromEnd ? std::max(total - q.offset, 0) : std::min(first + count, total);
  std::string items;
  for (int i = first; i < last; ++i) {
    const FakeItem& item = view[static_cast<size_t>(i)];
    const char* element = item.kind == ItemKind::kMeetingRequest ? "t:MeetingRequest" : "t:Message";
    items += std::string("<") + element + "><t:ItemId Id=\"" + xmlEscape(item.id) +
             "\" ChangeKey=\"" + xmlEscape(item.changeKey) + "\"/>";
    if (q.wantsReceived) {
      items += "<t:DateTimeReceived>" + xmlEscape(item.received) + "</t:DateTimeReceived>";
    }
    items += std::string("</") + element + ">";
  }
  const bool includesLast = q.fromEnd ? first == 0 : last == total;
  const int nextOffset = q.offset + (last - first);
  return soapResponseEnvelope(
      version,
      "<m:FindItemResponse "
      "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" "
      "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"><m:ResponseMessages>"
      "<m:FindItemResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError"
      "</m:ResponseCode><m:RootFolder IndexedPagingOffset=\"" +
          std::to_string(nextOffset) + "\" TotalItemsInView=\"" + std::to_string(total) +
          "\" IncludesLastItemInRange=\"" + (includesLast ? "true" : "false") + "\"><t:Items>" +
          items +
          "</t:Items></m:RootFolder></m:FindItemResponseMessage></m:ResponseMessages>"
          "</m:FindItemResponse>");
}

}  // namespace fakes
