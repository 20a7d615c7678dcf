#include "soap_request.h"

#include <sstream>

#include "soap_names.h"

namespace ews::detail {

pugi::xml_node startEnvelope(pugi::xml_document& doc, ServerVersion version,
                             const std::string& mailbox) {
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  pugi::xml_node envelope = doc.append_child("soap:Envelope");
  envelope.append_attribute("xmlns:soap") = ns::kSoap;
  envelope.append_attribute("xmlns:t") = ns::kTypes;
  envelope.append_attribute("xmlns:m") = ns::kMessages;
  pugi::xml_node header = envelope.append_child("soap:Header");
  header.append_child("t:RequestServerVersion").append_attribute("Version") = toString(version);
  header.append_child("t:ExchangeImpersonation")
      .append_child("t:ConnectingSID")
      .append_child("t:SmtpAddress")
      .text()
      .set(mailbox.c_str());
  return envelope.append_child("soap:Body");
}

std::string serialize(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return out.str();
}

std::string headerSafe(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) {
      out += c;
    }
  }
  return out;
}

Headers soapHeaders(const char* operation, const std::string& anchorMailbox) {
  return {
      {"Content-Type", "text/xml; charset=utf-8"},
      {"SOAPAction", std::string(ns::kMessages) + "/" + operation},
      {"X-AnchorMailbox", headerSafe(anchorMailbox)},
  };
}

}  // namespace ews::detail
