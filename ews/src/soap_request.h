#pragma once

#include <pugixml.hpp>
#include <string>

#include "ews/transport.h"
#include "ews/types.h"

// What every request ENP sends shares: the SOAP 1.1 envelope with t:RequestServerVersion and
// t:ExchangeImpersonation/t:ConnectingSID/t:SmtpAddress in its header, and the HTTP headers
// (Content-Type, SOAPAction, X-AnchorMailbox).

namespace ews::detail {

/// Starts doc as an envelope declaring soap:, t: and m:, with the header for version and the
/// impersonated mailbox; returns soap:Body.
pugi::xml_node startEnvelope(pugi::xml_document& doc, ServerVersion version,
                             const std::string& mailbox);

/// The document as UTF-8 text, without indentation.
std::string serialize(const pugi::xml_document& doc);

/// Removes CR, LF and other control characters so a value cannot split an HTTP header.
std::string headerSafe(const std::string& value);

/// Content-Type, SOAPAction (messages namespace + "/" + operation) and X-AnchorMailbox.
Headers soapHeaders(const char* operation, const std::string& anchorMailbox);

}  // namespace ews::detail
