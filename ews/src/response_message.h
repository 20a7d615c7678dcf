#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string_view>

#include "ews/result.h"
#include "xml_util.h"

// Reading the answer of an operation about one mailbox: Body/m:<Op>Response/m:ResponseMessages/
// m:<Op>ResponseMessage (Subscribe, FindItem), with a request-level failure (SOAP fault, HTTP
// status, not XML) or a message with ResponseClass="Error" turned into an Error.

namespace ews::detail {

/// Parses body into doc and finds the first {messages}messageName under
/// {messages}responseName/ResponseMessages. Any failure is the Error: the request-level ones as
/// classifyFailure() reports them, an error message as messageError(), and a missing message as
/// kParse. A message with ResponseClass "Success" or "Warning" is returned.
Result<pugi::xml_node> successMessage(xml::Document& doc, long httpStatus, std::string_view body,
                                      std::string_view responseName, std::string_view messageName);

/// A kExchange Error for a ResponseMessage: its ResponseCode (else "ResponseClass <class>"),
/// MessageText, and the MessageXml hints (BackOffMilliseconds, InnerErrorResponseCode).
Error messageError(const xml::Document& doc, const pugi::xml_node& message);

/// A kParse error for the answer, with the HTTP status.
Error answerError(std::string message, long httpStatus);

/// Checks a value taken from the answer that ENP stores and sends back (an id, a watermark):
/// a kParse Error naming field when it is not plain UTF-8 text.
std::optional<Error> checkPlainText(std::string_view field, std::string_view value,
                                    long httpStatus);

}  // namespace ews::detail
