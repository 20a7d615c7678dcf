#pragma once

// Renders m:GetItemResponse the way Exchange 2013+ does: one m:GetItemResponseMessage per
// requested t:ItemId, in request order, each item carrying only the properties asked for, in
// schema order (validates against the Exchange 2019 schema).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fake_mailbox.h"
#include "get_item_request.h"

namespace fakes {

/// One requested id and the item found for it (nullopt: ErrorItemNotFound).
struct ItemLookup {
  std::string requestedId;
  std::optional<FakeItem> item;
};

/// The whole envelope (HTTP 200) for a GetItem call.
std::string renderGetItemResponse(const ServerVersionInfo& version, const ItemShape& shape,
                                  const std::vector<ItemLookup>& items);

/// HTTP 200 with every message ResponseClass="Error" ErrorInternalServerError; when innerCode is
/// set, MessageXml carries t:Value Name="InnerErrorResponseCode" (EWS throttling, NOTES §3).
std::string renderInternalServerErrorResponse(const ServerVersionInfo& version, size_t count,
                                              std::string_view innerCode);

/// The first 256 characters (Unicode code points, not bytes) of body: item:Preview.
std::string previewOf(std::string_view body);

}  // namespace fakes
