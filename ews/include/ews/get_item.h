#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ews/result.h"
#include "ews/transport.h"
#include "ews/types.h"

namespace ews {

struct GetItemRequest {
  std::string mailbox;  ///< Primary SMTP address to impersonate.
  ServerVersion version = ServerVersion::kExchange2013;
  std::vector<std::string> itemIds;  ///< Several items of one mailbox in one request.
};

/// The SOAP envelope: RequestServerVersion, ExchangeImpersonation/ConnectingSID/SmtpAddress,
/// ItemShape IdOnly + subject, received, importance, item class, From, Sender,
/// PidTagSenderSmtpAddress, and Preview (2013+) or a text Body (2010).
std::string buildGetItem(const GetItemRequest& request);

/// HTTP headers for the request: Content-Type, SOAPAction, X-AnchorMailbox.
Headers getItemHeaders(const GetItemRequest& request);

/// The outcome for one requested item, in request order.
struct ItemResult {
  bool ok() const { return error.code.empty(); }
  MailItem item;  ///< Valid when ok().
  Error error;    ///< kExchange with the ResponseCode (e.g. ErrorItemNotFound) otherwise.
};

/// Parses a GetItem answer. A request-level failure (SOAP fault, HTTP error, not XML) is the
/// Error of the Result; item-level errors are in the ItemResults. A body that is not
/// namespace-well-formed or exceeds the structural caps of parseSendNotification() is not XML
/// here (kParse with a 200 status, else the HTTP error). Every string taken from the answer
/// (item fields, error codes and texts) is well-formed UTF-8: ill-formed bytes are replaced by
/// U+FFFD.
Result<std::vector<ItemResult>> parseGetItemResponse(long httpStatus, std::string_view body);

/// Classifies any EWS answer that is not a success: SOAP fault (faultcode or
/// detail/ResponseCode, BackOffMilliseconds), HTTP status, unparseable body.
Error classifyFailure(long httpStatus, std::string_view body);

}  // namespace ews
