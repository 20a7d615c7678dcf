#include "fault.h"

#include <charconv>
#include <string>

#include "base/utf8.h"
#include "ews/get_item.h"
#include "soap_names.h"
#include "xml_util.h"

namespace ews {
namespace detail {
namespace {

// SOAP 1.1 fault children are unqualified, but Exchange 2007 qualifies them (soap:faultcode).
pugi::xml_node faultChild(const xml::Document& doc, const pugi::xml_node& fault,
                          std::string_view local) {
  for (const pugi::xml_node& c : fault.children()) {
    if (c.type() == pugi::node_element && xml::localName(c) == local) {
      const std::string_view uri = doc.namespaceUri(c);
      if (uri.empty() || uri == ns::kSoap) {
        return c;
      }
    }
  }
  return {};
}

pugi::xml_node findDescendant(const xml::Document& doc, const pugi::xml_node& root, const char* uri,
                              std::string_view local) {
  return root.find_node([&](const pugi::xml_node& n) { return doc.is(n, uri, local); });
}

std::string codeFromFaultcode(const pugi::xml_node& faultcode, std::string* soapCode) {
  const std::string value = xml::trimmedText(faultcode);
  const size_t colon = value.find(':');
  const std::string prefix = colon == std::string::npos ? "" : value.substr(0, colon);
  const std::string local = colon == std::string::npos ? value : value.substr(colon + 1);
  const std::string_view uri = xml::resolvePrefix(faultcode, prefix);
  if (uri == ns::kTypes || uri == ns::kMessages || uri == ns::kErrors ||
      local.starts_with("Error")) {
    return local;
  }
  *soapCode = local;
  return {};
}

std::string statusText(long status) {
  switch (status) {
    case 401:
      return "Unauthorized: the service account credentials were refused";
    case 403:
      return "Forbidden: the service account may not use EWS";
    case 404:
      return "Not Found: check the EWS URL";
    case 500:
      return "Internal Server Error without a SOAP fault";
    case 503:
      return "Service Unavailable: EWS is overloaded or down, retry later";
    default:
      return "unexpected HTTP status without a SOAP answer";
  }
}

}  // namespace

void readMessageXml(const xml::Document& doc, const pugi::xml_node& messageXml, Error& e) {
  const std::string backOff = doc.messageXmlValue(messageXml, "BackOffMilliseconds");
  int64_t ms = 0;
  if (!backOff.empty()) {
    const auto [end, ec] = std::from_chars(backOff.data(), backOff.data() + backOff.size(), ms);
    if (ec == std::errc() && end == backOff.data() + backOff.size() && ms >= 0) {
      e.backOffMilliseconds = ms;
    }
  }
  const std::string inner = doc.messageXmlValue(messageXml, "InnerErrorResponseCode");
  if (!inner.empty()) {
    e.innerCode = inner;
  }
}

Error faultError(const xml::Document& doc, const pugi::xml_node& fault, long httpStatus) {
  std::string soapCode;
  std::string code = xml::trimmedText(findDescendant(doc, fault, ns::kErrors, "ResponseCode"));
  const std::string fromFaultcode =
      codeFromFaultcode(faultChild(doc, fault, "faultcode"), &soapCode);
  std::string message = xml::trimmedText(faultChild(doc, fault, "faultstring"));
  if (message.empty()) {
    message = xml::trimmedText(findDescendant(doc, fault, ns::kErrors, "Message"));
  }
  if (code.empty()) {
    code = fromFaultcode;
  }
  if (code.empty() && message.find("AccessDeniedException") != std::string::npos) {
    code = "ErrorAccessDenied";
  }
  if (code.empty()) {
    code = soapCode.empty() ? "SoapFault" : soapCode;
  }
  Error e = Error::soapFault(code, message, httpStatus);
  readMessageXml(doc, findDescendant(doc, fault, ns::kTypes, "MessageXml"), e);
  repairText(e);
  return e;
}

void repairText(Error& e) {
  base::utf8::repairInPlace(e.code);
  base::utf8::repairInPlace(e.message);
  base::utf8::repairInPlace(e.innerCode);
}

Error classifyParsed(long httpStatus, const xml::Document& doc,
                     const std::optional<Error>& parseError) {
  if (!parseError) {
    const pugi::xml_node bodyChild = doc.soapBodyChild();
    if (doc.is(bodyChild, ns::kSoap, "Fault")) {
      return faultError(doc, bodyChild, httpStatus);
    }
  }
  if (!isSuccessStatus(httpStatus)) {
    return Error::http(httpStatus, statusText(httpStatus));
  }
  if (parseError) {
    Error e = *parseError;
    e.httpStatus = httpStatus;
    return e;
  }
  Error e = Error::parse("unexpected SOAP answer");
  e.httpStatus = httpStatus;
  return e;
}

}  // namespace detail

Error classifyFailure(long httpStatus, std::string_view body) {
  xml::Document doc;
  const std::optional<Error> parseError = doc.parse(body);
  return detail::classifyParsed(httpStatus, doc, parseError);
}

}  // namespace ews
