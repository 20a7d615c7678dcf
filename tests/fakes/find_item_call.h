#pragma once

// FindItem as this fake serves it: a Shallow search of one folder of the mailbox's items with an
// optional restriction on item:DateTimeReceived (IsGreaterThan, IsGreaterThanOrEqualTo,
// IsLessThan), an optional sort on it, and IndexedPageItemView paging. Everything else a real
// Exchange accepts is answered ErrorUnsupportedQueryFilter or ignored (documented below).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fake_mailbox.h"
#include "soap_call.h"

namespace fakes {

struct FindItemQuery {
  std::vector<std::string> folderIds;  ///< As sent (DistinguishedFolderId/@Id or FolderId/@Id).
  bool wantsReceived = false;          ///< item:DateTimeReceived in AdditionalProperties.
  enum class Compare { kNone, kGreater, kGreaterOrEqual, kLess };
  Compare compare = Compare::kNone;
  int64_t boundaryMs = 0;  ///< The restriction's constant.
  bool ascending = false;  ///< Exchange's default view is newest first.
  int maxEntries = -1;     ///< -1: all.
  int offset = 0;
  bool fromEnd = false;  ///< BasePoint="End".
};

struct FindItemParse {
  std::optional<FindItemQuery> query;
  std::string errorCode;  ///< When query is empty.
  std::string errorText;
};

FindItemParse parseFindItemRequest(const SoapCall& call);

/// Milliseconds since the epoch of an xs:dateTime ("2024-03-05T09:15:00Z", with an optional
/// fraction and offset); nullopt when it is not one.
std::optional<int64_t> xsDateTimeMs(const std::string& text);

/// The view of items the query selects, sorted, before paging.
std::vector<FakeItem> selectItems(const FindItemQuery& query, std::vector<FakeItem> items);

/// The HTTP 200 answer for one page of `view` (the whole selection).
std::string renderFindItemResponse(const ServerVersionInfo& version, const FindItemQuery& query,
                                   const std::vector<FakeItem>& view);

}  // namespace fakes
