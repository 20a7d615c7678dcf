#pragma once

// Parses an incoming GetItem SOAP request the way Exchange reads it: by namespace, not by prefix.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "exchange_xml.h"

namespace fakes {

/// m:ItemShape: what the client asked to see.
struct ItemShape {
  enum class Base { kIdOnly, kDefault, kAllProperties };
  Base base = Base::kIdOnly;
  std::string bodyType = "Best";       ///< t:BodyType: Best | HTML | Text.
  std::set<std::string> fieldUris;     ///< t:FieldURI/@FieldURI, e.g. "item:Subject".
  std::set<std::string> propertyTags;  ///< t:ExtendedFieldURI/@PropertyTag, as "0x5d01".

  /// True when the base shape or an additional property includes fieldUri.
  bool wants(std::string_view fieldUri) const;
};

struct GetItemCall {
  std::string requestServerVersion;  ///< t:RequestServerVersion/@Version; empty when absent.
  /// ConnectingSID child used: SmtpAddress, PrimarySmtpAddress, PrincipalName or SID; empty when
  /// the request carries no t:ExchangeImpersonation header.
  std::string impersonationKind;
  std::string impersonatedMailbox;  ///< That child's trimmed text.
  ItemShape shape;
  std::vector<std::string> itemIds;  ///< t:ItemId/@Id in request order.
};

/// Either the parsed call or the fault Exchange answers a bad request with.
struct GetItemParse {
  std::optional<GetItemCall> call;
  SoapFault fault;
};

GetItemParse parseGetItemRequest(std::string_view body);

/// "0x5D01", "0x5d01" or "23809" -> "0x5d01"; empty if not a property tag.
std::string normalizePropertyTag(std::string_view tag);

}  // namespace fakes
