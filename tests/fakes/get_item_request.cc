#include "get_item_request.h"

#include <charconv>
#include <cstdio>

#include "xml_ns.h"

namespace fakes {
namespace {

// BaseShape Default / AllProperties as this fake interprets them (a subset of Exchange's sets).
constexpr std::string_view kDefaultShape[] = {"item:Subject",    "item:Body",
                                              "item:Importance", "item:DateTimeReceived",
                                              "message:Sender",  "message:From"};

void parseShape(const pugi::xml_node& shapeNode, ItemShape& shape) {
  const std::string base = trimmedText(child(shapeNode, kTypesNs, "BaseShape"));
  if (base == "Default") {
    shape.base = ItemShape::Base::kDefault;
  } else if (base == "AllProperties") {
    shape.base = ItemShape::Base::kAllProperties;
  }
  if (const pugi::xml_node bodyType = child(shapeNode, kTypesNs, "BodyType")) {
    shape.bodyType = trimmedText(bodyType);
  }
  const pugi::xml_node extra = child(shapeNode, kTypesNs, "AdditionalProperties");
  for (pugi::xml_node p = extra.first_child(); p; p = p.next_sibling()) {
    if (isElement(p, kTypesNs, "FieldURI")) {
      shape.fieldUris.insert(p.attribute("FieldURI").value());
    } else if (isElement(p, kTypesNs, "ExtendedFieldURI")) {
      const std::string tag = normalizePropertyTag(p.attribute("PropertyTag").value());
      if (!tag.empty()) {
        shape.propertyTags.insert(tag);
      }
    }
  }
}

void parseHeader(const pugi::xml_node& header, GetItemCall& call) {
  if (const pugi::xml_node version = child(header, kTypesNs, "RequestServerVersion")) {
    call.requestServerVersion = version.attribute("Version").value();
  }
  const pugi::xml_node sid =
      child(child(header, kTypesNs, "ExchangeImpersonation"), kTypesNs, "ConnectingSID");
  for (const char* kind : {"SmtpAddress", "PrimarySmtpAddress", "PrincipalName", "SID"}) {
    if (const pugi::xml_node id = child(sid, kTypesNs, kind)) {
      call.impersonationKind = kind;
      call.impersonatedMailbox = trimmedText(id);
      return;
    }
  }
}

}  // namespace

bool ItemShape::wants(std::string_view fieldUri) const {
  if (base == Base::kAllProperties) {
    return true;
  }
  if (base == Base::kDefault) {
    for (const std::string_view uri : kDefaultShape) {
      if (uri == fieldUri) {
        return true;
      }
    }
  }
  return fieldUris.contains(std::string(fieldUri));
}

std::string normalizePropertyTag(std::string_view tag) {
  unsigned value = 0;
  const char* begin = tag.data();
  const char* end = tag.data() + tag.size();
  std::from_chars_result r{};
  if (tag.starts_with("0x") || tag.starts_with("0X")) {
    r = std::from_chars(begin + 2, end, value, 16);
  } else {
    r = std::from_chars(begin, end, value, 10);
  }
  if (tag.empty() || r.ec != std::errc{} || r.ptr != end || value > 0xFFFF) {
    return {};
  }
  char out[8];
  std::snprintf(out, sizeof out, "0x%04x", value);
  return out;
}

GetItemParse parseGetItemRequest(std::string_view body) {
  GetItemParse result;
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(body.data(), body.size());
  if (!parsed) {
    result.fault = schemaValidationFault(std::string("The request is not well-formed XML: ") +
                                         parsed.description());
    return result;
  }
  const pugi::xml_node envelope = firstElement(doc);
  if (!isElement(envelope, kSoap11Ns, "Envelope")) {
    result.fault = schemaValidationFault("The root element is not a SOAP 1.1 Envelope.");
    return result;
  }
  const pugi::xml_node getItem = firstElement(child(envelope, kSoap11Ns, "Body"));
  if (!isElement(getItem, kMessagesNs, "GetItem")) {
    result.fault = invalidRequestFault();
    return result;
  }
  const pugi::xml_node shape = child(getItem, kMessagesNs, "ItemShape");
  const pugi::xml_node ids = child(getItem, kMessagesNs, "ItemIds");
  if (!shape || !ids) {
    result.fault = schemaValidationFault("GetItem requires m:ItemShape and m:ItemIds.");
    return result;
  }
  GetItemCall call;
  parseHeader(child(envelope, kSoap11Ns, "Header"), call);
  parseShape(shape, call.shape);
  for (const pugi::xml_node id : children(ids, kTypesNs, "ItemId")) {
    call.itemIds.emplace_back(id.attribute("Id").value());
  }
  if (call.itemIds.empty()) {
    result.fault = schemaValidationFault("m:ItemIds has no t:ItemId.");
    return result;
  }
  result.call = std::move(call);
  return result;
}

}  // namespace fakes
