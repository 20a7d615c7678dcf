#pragma once

// Namespace URIs and fixed strings of the EWS SOAP protocol. Elements are matched on these URIs,
// never on prefixes: Exchange and proxies use s:, soap:, soap11: or a default namespace.

namespace ews::ns {

inline constexpr const char* kSoap = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr const char* kMessages =
    "http://schemas.microsoft.com/exchange/services/2006/messages";
inline constexpr const char* kTypes = "http://schemas.microsoft.com/exchange/services/2006/types";
inline constexpr const char* kErrors = "http://schemas.microsoft.com/exchange/services/2006/errors";
inline constexpr const char* kXml = "http://www.w3.org/XML/1998/namespace";

}  // namespace ews::ns
