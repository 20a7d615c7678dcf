#include <pugixml.hpp>
#include <sstream>

#include "ews/get_item.h"
#include "soap_names.h"

namespace ews {
namespace {

// PidTagSenderSmtpAddress: the sender's SMTP address even when From has routing type EX.
constexpr const char* kSenderSmtpTag = "0x5D01";

void addFieldUri(pugi::xml_node& props, const char* uri) {
  props.append_child("t:FieldURI").append_attribute("FieldURI") = uri;
}

void buildHeader(pugi::xml_node header, const GetItemRequest& request) {
  header.append_child("t:RequestServerVersion").append_attribute("Version") =
      toString(request.version);
  header.append_child("t:ExchangeImpersonation")
      .append_child("t:ConnectingSID")
      .append_child("t:SmtpAddress")
      .text()
      .set(request.mailbox.c_str());
}

// ItemShape children in schema order: BaseShape, BodyType?, AdditionalProperties.
void buildItemShape(pugi::xml_node shape, ServerVersion version) {
  shape.append_child("t:BaseShape").text().set("IdOnly");
  if (!hasPreview(version)) {
    shape.append_child("t:BodyType").text().set("Text");
  }
  pugi::xml_node props = shape.append_child("t:AdditionalProperties");
  for (const char* uri : {"item:Subject", "item:DateTimeReceived", "item:Importance",
                          "item:ItemClass", "message:From", "message:Sender"}) {
    addFieldUri(props, uri);
  }
  pugi::xml_node ext = props.append_child("t:ExtendedFieldURI");
  ext.append_attribute("PropertyTag") = kSenderSmtpTag;
  ext.append_attribute("PropertyType") = "String";
  addFieldUri(props, hasPreview(version) ? "item:Preview" : "item:Body");
}

// Removes CR, LF and other control characters so a value cannot split an HTTP header.
std::string headerSafe(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string buildGetItem(const GetItemRequest& request) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  pugi::xml_node envelope = doc.append_child("soap:Envelope");
  envelope.append_attribute("xmlns:soap") = ns::kSoap;
  envelope.append_attribute("xmlns:t") = ns::kTypes;
  envelope.append_attribute("xmlns:m") = ns::kMessages;
  buildHeader(envelope.append_child("soap:Header"), request);
  pugi::xml_node getItem = envelope.append_child("soap:Body").append_child("m:GetItem");
  buildItemShape(getItem.append_child("m:ItemShape"), request.version);
  pugi::xml_node ids = getItem.append_child("m:ItemIds");
  for (const std::string& id : request.itemIds) {
    ids.append_child("t:ItemId").append_attribute("Id") = id.c_str();
  }
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return out.str();
}

Headers getItemHeaders(const GetItemRequest& request) {
  return {
      {"Content-Type", "text/xml; charset=utf-8"},
      {"SOAPAction", ns::kGetItemAction},
      {"X-AnchorMailbox", headerSafe(request.mailbox)},
  };
}

}  // namespace ews
