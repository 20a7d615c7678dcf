#pragma once

#include <optional>
#include <pugixml.hpp>

#include "ews/error.h"
#include "xml_util.h"

// SOAP fault and MessageXml reading shared by the response parsers.

namespace ews::detail {

/// A soap:Fault element as a kSoapFault Error. The code is detail/e:ResponseCode (trimmed), else
/// the local part of an EWS faultcode ("a:ErrorServerBusy"), else ErrorAccessDenied for the
/// Exchange 2007 AccessDeniedException fault, else the SOAP code ("Client", "Server").
Error faultError(const xml::Document& doc, const pugi::xml_node& fault, long httpStatus);

/// Copies BackOffMilliseconds and InnerErrorResponseCode from a t:MessageXml (or m:MessageXml)
/// element into e. A missing or unparseable value leaves the field unchanged.
void readMessageXml(const xml::Document& doc, const pugi::xml_node& messageXml, Error& e);

/// classifyFailure() for a body already given to doc.parse(): parseError is what that returned
/// (doc is empty then). Spares parsing the body twice.
Error classifyParsed(long httpStatus, const xml::Document& doc,
                     const std::optional<Error>& parseError);

/// Replaces ill-formed UTF-8 in e's code, message and innerCode (texts taken from the server)
/// with U+FFFD.
void repairText(Error& e);

/// True for 2xx.
inline bool isSuccessStatus(long status) { return status >= 200 && status < 300; }

}  // namespace ews::detail
