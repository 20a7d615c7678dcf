#include <pugixml.hpp>

#include "ews/get_item.h"
#include "soap_request.h"

namespace ews {
namespace {

// PidTagSenderSmtpAddress: the sender's SMTP address even when From has routing type EX.
constexpr const char* kSenderSmtpTag = "0x5D01";

void addFieldUri(pugi::xml_node& props, const char* uri) {
  props.append_child("t:FieldURI").append_attribute("FieldURI") = uri;
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

}  // namespace

std::string buildGetItem(const GetItemRequest& request) {
  pugi::xml_document doc;
  pugi::xml_node body = detail::startEnvelope(doc, request.version, request.mailbox);
  pugi::xml_node getItem = body.append_child("m:GetItem");
  buildItemShape(getItem.append_child("m:ItemShape"), request.version);
  pugi::xml_node ids = getItem.append_child("m:ItemIds");
  for (const std::string& id : request.itemIds) {
    ids.append_child("t:ItemId").append_attribute("Id") = id.c_str();
  }
  return detail::serialize(doc);
}

Headers getItemHeaders(const GetItemRequest& request) {
  return detail::soapHeaders("GetItem", request.mailbox);
}

}  // namespace ews
