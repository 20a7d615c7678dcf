#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ews/result.h"
#include "ews/types.h"

namespace ews {

/// One page of the mail that reached a mailbox's Inbox after an instant, oldest first: the
/// catch-up after a subscription was lost with its watermark (ErrorInvalidWatermark, ...).
struct FindItemRequest {
  std::string mailbox;  ///< Primary SMTP address to impersonate.
  ServerVersion version = ServerVersion::kExchange2013;
  /// Items whose DateTimeReceived is strictly after this instant (Unix ms; sent in whole
  /// seconds, rounded towards the past, so an item of the same second may come again).
  int64_t receivedAfterMs = 0;
  int maxEntries = 100;  ///< Page size, clamped to 1..1000.
  int offset = 0;        ///< Items to skip from the start of the view (FindItemPage::nextOffset).
};

/// The SOAP envelope: impersonated FindItem Traversal="Shallow" on the Inbox, ItemShape IdOnly +
/// item:DateTimeReceived, IndexedPageItemView (MaxEntriesReturned, Offset, BasePoint Beginning),
/// Restriction IsGreaterThan item:DateTimeReceived, SortOrder ascending by DateTimeReceived.
std::string buildFindItem(const FindItemRequest& request);

struct FoundItem {
  std::string itemId;
  std::string changeKey;              ///< May be empty.
  std::string received;               ///< item:DateTimeReceived as sent; empty when absent.
  std::optional<int64_t> receivedMs;  ///< received read strictly (parseDateTimeMs), if it can be.
};

struct FindItemPage {
  std::vector<FoundItem> items;  ///< In the server's order (the requested sort).
  /// True when this page holds the last item of the view: no further request is needed.
  bool includesLastItemInRange = true;
  /// IndexedPagingOffset: the Offset of the next page; when absent, offset + items returned.
  int nextOffset = 0;
  int totalItemsInView = 0;  ///< 0 when absent.
};

/// Parses a FindItem answer (requestOffset is the Offset that was asked for, used when the
/// answer has no IndexedPagingOffset). Items of any kind (Message, MeetingRequest, ...) are
/// taken; one without ItemId/@Id, or an id that is not plain UTF-8 text, is kParse. Errors are
/// classified as for parseSubscribeResponse().
Result<FindItemPage> parseFindItemResponse(long httpStatus, std::string_view body,
                                           int requestOffset = 0);

}  // namespace ews
