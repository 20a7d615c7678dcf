#include "get_item_response.h"

#include "exchange_xml.h"
#include "xml_ns.h"

namespace fakes {
namespace {

constexpr size_t kPreviewLength = 256;
constexpr std::string_view kOpen =
    "<m:GetItemResponse xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" "
    "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"><m:ResponseMessages>";
constexpr std::string_view kClose = "</m:ResponseMessages></m:GetItemResponse>";

void element(std::string& out, std::string_view name, std::string_view text) {
  out += "<t:";
  out += name;
  out += '>';
  out += xmlEscape(text);
  out += "</t:";
  out += name;
  out += '>';
}

void mailbox(std::string& out, std::string_view wrapper, const FakeAddress& a) {
  out += "<t:";
  out += wrapper;
  out += "><t:Mailbox>";
  element(out, "Name", a.name);
  element(out, "EmailAddress", a.emailAddress);
  element(out, "RoutingType", a.routingType);
  element(out, "MailboxType", a.mailboxType);
  out += "</t:Mailbox></t:";
  out += wrapper;
  out += '>';
}

void body(std::string& out, std::string_view element, const ItemShape& shape,
          const FakeItem& item) {
  const bool html = shape.bodyType == "HTML" && element == "Body";
  out += "<t:";
  out += element;
  out += html ? " BodyType=\"HTML\"" : " BodyType=\"Text\"";
  out += " IsTruncated=\"false\">";
  if (html) {
    out += xmlEscape("<html><body>" + xmlEscape(item.body) + "</body></html>");
  } else {
    out += xmlEscape(item.body);
  }
  out += "</t:";
  out += element;
  out += '>';
}

void extendedProperty(std::string& out, std::string_view tag, std::string_view value) {
  out += "<t:ExtendedProperty><t:ExtendedFieldURI PropertyTag=\"";
  out += tag;
  out += "\" PropertyType=\"String\"/><t:Value>";
  out += xmlEscape(value);
  out += "</t:Value></t:ExtendedProperty>";
}

// Element order follows t:ItemType, then t:MessageType (types.xsd).
void renderItem(std::string& out, const ItemShape& shape, const FakeItem& item) {
  const std::string_view tag =
      item.kind == ItemKind::kMeetingRequest ? "MeetingRequest" : "Message";
  out += "<t:";
  out += tag;
  out += "><t:ItemId Id=\"" + xmlEscape(item.id) + "\" ChangeKey=\"" + xmlEscape(item.changeKey) +
         "\"/>";
  if (shape.wants("item:ItemClass")) {
    element(out, "ItemClass", item.effectiveItemClass());
  }
  if (shape.wants("item:Subject")) {
    element(out, "Subject", item.subject);
  }
  if (shape.wants("item:Body")) {
    body(out, "Body", shape, item);
  }
  if (shape.wants("item:DateTimeReceived")) {
    element(out, "DateTimeReceived", item.received);
  }
  if (shape.wants("item:Importance")) {
    element(out, "Importance", item.importance);
  }
  // PidTagSenderSmtpAddress and PidTagSentRepresentingSmtpAddress: both the SMTP address here.
  for (const std::string_view smtpTag : {"0x5d01", "0x5d02"}) {
    if (shape.propertyTags.contains(std::string(smtpTag)) && !item.senderSmtpAddress.empty()) {
      extendedProperty(out, smtpTag, item.senderSmtpAddress);
    }
  }
  if (shape.wants("item:Preview")) {
    element(out, "Preview", item.preview.empty() ? previewOf(item.body) : item.preview);
  }
  if (shape.wants("item:TextBody")) {
    body(out, "TextBody", shape, item);
  }
  if (shape.wants("message:Sender")) {
    mailbox(out, "Sender", item.sender.value_or(item.from));
  }
  if (shape.wants("message:From")) {
    mailbox(out, "From", item.from);
  }
  out += "</t:";
  out += tag;
  out += '>';
}

}  // namespace

std::string previewOf(std::string_view text) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) != 0x80) {  // A lead byte starts a new character.
      if (chars == kPreviewLength) {
        return std::string(text.substr(0, i));
      }
      ++chars;
    }
  }
  return std::string(text);
}

std::string renderGetItemResponse(const ServerVersionInfo& version, const ItemShape& shape,
                                  const std::vector<ItemLookup>& items) {
  std::string out(kOpen);
  for (const ItemLookup& lookup : items) {
    if (!lookup.item) {
      out +=
          "<m:GetItemResponseMessage ResponseClass=\"Error\"><m:MessageText>The specified object "
          "was not found in the store.</m:MessageText><m:ResponseCode>ErrorItemNotFound"
          "</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:Items/>"
          "</m:GetItemResponseMessage>";
      continue;
    }
    out +=
        "<m:GetItemResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError"
        "</m:ResponseCode><m:Items>";
    renderItem(out, shape, *lookup.item);
    out += "</m:Items></m:GetItemResponseMessage>";
  }
  out += kClose;
  return soapResponseEnvelope(version, out);
}

std::string renderInternalServerErrorResponse(const ServerVersionInfo& version, size_t count,
                                              std::string_view innerCode) {
  std::string out(kOpen);
  for (size_t i = 0; i < count; ++i) {
    out +=
        "<m:GetItemResponseMessage ResponseClass=\"Error\"><m:MessageText>An internal server "
        "error occurred. The operation failed.</m:MessageText><m:ResponseCode>"
        "ErrorInternalServerError</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>";
    if (!innerCode.empty()) {
      out += "<m:MessageXml><t:Value Name=\"InnerErrorResponseCode\">" + xmlEscape(innerCode) +
             "</t:Value></m:MessageXml>";
    }
    out += "<m:Items/></m:GetItemResponseMessage>";
  }
  out += kClose;
  return soapResponseEnvelope(version, out);
}

}  // namespace fakes
