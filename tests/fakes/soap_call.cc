#include "soap_call.h"

#include "xml_ns.h"

namespace fakes {

SoapCallParse parseSoapCall(std::string_view body) {
  SoapCallParse result;
  auto doc = std::make_unique<pugi::xml_document>();
  const pugi::xml_parse_result parsed = doc->load_buffer(body.data(), body.size());
  if (!parsed) {
    result.fault = schemaValidationFault(std::string("The request is not well-formed XML: ") +
                                         parsed.description());
    return result;
  }
  const pugi::xml_node envelope = firstElement(*doc);
  if (!isElement(envelope, kSoap11Ns, "Envelope")) {
    result.fault = schemaValidationFault("The root element is not a SOAP 1.1 Envelope.");
    return result;
  }
  const pugi::xml_node operation = firstElement(child(envelope, kSoap11Ns, "Body"));
  if (!operation || namespaceUri(operation) != kMessagesNs) {
    result.fault = invalidRequestFault();
    return result;
  }
  SoapCall call;
  call.operation = operation;
  call.operationName = std::string(localName(operation));
  const pugi::xml_node header = child(envelope, kSoap11Ns, "Header");
  if (const pugi::xml_node version = child(header, kTypesNs, "RequestServerVersion")) {
    call.requestServerVersion = version.attribute("Version").value();
  }
  const pugi::xml_node sid =
      child(child(header, kTypesNs, "ExchangeImpersonation"), kTypesNs, "ConnectingSID");
  for (const char* kind : {"SmtpAddress", "PrimarySmtpAddress", "PrincipalName", "SID"}) {
    if (const pugi::xml_node id = child(sid, kTypesNs, kind)) {
      call.impersonationKind = kind;
      call.impersonatedMailbox = trimmedText(id);
      break;
    }
  }
  call.doc = std::move(doc);
  result.call = std::move(call);
  return result;
}

}  // namespace fakes
