#include <charconv>
#include <pugixml.hpp>

#include "base/utf8.h"
#include "ews/get_item.h"
#include "fault.h"
#include "soap_names.h"
#include "xml_util.h"

namespace ews {
namespace {

// PidTagSenderSmtpAddress.
constexpr unsigned kSenderSmtpTag = 0x5D01;

bool isMeetingKind(std::string_view local) {
  return local == "MeetingRequest" || local == "MeetingMessage" || local == "MeetingResponse" ||
         local == "MeetingCancellation";
}

// "0x5D01", "0x5d01" or the decimal "23809".
bool isSenderSmtpTag(std::string_view tag) {
  int base = 10;
  if (tag.starts_with("0x") || tag.starts_with("0X")) {
    tag.remove_prefix(2);
    base = 16;
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(tag.data(), tag.data() + tag.size(), value, base);
  return ec == std::errc() && end == tag.data() + tag.size() && value == kSenderSmtpTag;
}

Mailbox parseMailbox(const xml::Document& doc, const pugi::xml_node& recipient) {
  const pugi::xml_node mailbox = doc.child(recipient, ns::kTypes, "Mailbox");
  Mailbox m;
  m.name = xml::trimmedText(doc.child(mailbox, ns::kTypes, "Name"));
  m.emailAddress = xml::trimmedText(doc.child(mailbox, ns::kTypes, "EmailAddress"));
  m.routingType = xml::trimmedText(doc.child(mailbox, ns::kTypes, "RoutingType"));
  return m;
}

std::string senderSmtpAddress(const xml::Document& doc, const pugi::xml_node& item) {
  for (const pugi::xml_node& p : item.children()) {
    if (!doc.is(p, ns::kTypes, "ExtendedProperty")) {
      continue;
    }
    const pugi::xml_node uri = doc.child(p, ns::kTypes, "ExtendedFieldURI");
    if (isSenderSmtpTag(xml::trim(uri.attribute("PropertyTag").value()))) {
      return xml::trimmedText(doc.child(p, ns::kTypes, "Value"));
    }
  }
  return {};
}

MailItem parseItem(const xml::Document& doc, const pugi::xml_node& node) {
  MailItem item;
  const pugi::xml_node id = doc.child(node, ns::kTypes, "ItemId");
  item.itemId = xml::trim(id.attribute("Id").value());
  item.changeKey = xml::trim(id.attribute("ChangeKey").value());
  item.itemClass = xml::trimmedText(doc.child(node, ns::kTypes, "ItemClass"));
  item.meeting =
      isMeetingKind(xml::localName(node)) || item.itemClass.starts_with("IPM.Schedule.Meeting");
  item.subject = doc.child(node, ns::kTypes, "Subject").text().get();
  item.received = xml::trimmedText(doc.child(node, ns::kTypes, "DateTimeReceived"));
  item.importance = xml::trimmedText(doc.child(node, ns::kTypes, "Importance"));
  const pugi::xml_node from = doc.child(node, ns::kTypes, "From");
  item.from = parseMailbox(doc, from ? from : doc.child(node, ns::kTypes, "Sender"));
  item.senderSmtpAddress = senderSmtpAddress(doc, node);
  const pugi::xml_node preview = doc.child(node, ns::kTypes, "Preview");
  item.preview = (preview ? preview : doc.child(node, ns::kTypes, "Body")).text().get();
  // pugixml passes ill-formed bytes through; what ENP stores and forwards must be UTF-8.
  for (std::string* text :
       {&item.itemId, &item.changeKey, &item.itemClass, &item.subject, &item.received,
        &item.importance, &item.from.name, &item.from.emailAddress, &item.from.routingType,
        &item.senderSmtpAddress, &item.preview}) {
    base::utf8::repairInPlace(*text);
  }
  return item;
}

// One GetItemResponseMessage. Success (or Warning with an item) gives the item; anything else
// is a kExchange error with the ResponseCode and the MessageXml hints.
ItemResult parseMessage(const xml::Document& doc, const pugi::xml_node& message) {
  ItemResult r;
  const std::string responseClass = xml::trim(message.attribute("ResponseClass").value());
  const std::string code = xml::trimmedText(doc.child(message, ns::kMessages, "ResponseCode"));
  const pugi::xml_node item = xml::firstElement(doc.child(message, ns::kMessages, "Items"));
  if (item && (responseClass == "Success" || responseClass == "Warning")) {
    r.item = parseItem(doc, item);
    return r;
  }
  if (responseClass == "Success") {
    r.error = Error::parse("GetItemResponseMessage without an item");
    return r;
  }
  r.error = Error::exchange(code.empty() ? "ResponseClass " + responseClass : code,
                            xml::trimmedText(doc.child(message, ns::kMessages, "MessageText")));
  detail::readMessageXml(doc, doc.child(message, ns::kMessages, "MessageXml"), r.error);
  detail::repairText(r.error);
  return r;
}

}  // namespace

Result<std::vector<ItemResult>> parseGetItemResponse(long httpStatus, std::string_view body) {
  xml::Document doc;
  const std::optional<Error> parseError = doc.parse(body);
  if (parseError || httpStatus != 200) {
    return detail::classifyParsed(httpStatus, doc, parseError);
  }
  const pugi::xml_node response = doc.soapBodyChild();
  if (!doc.is(response, ns::kMessages, "GetItemResponse")) {
    return detail::classifyParsed(httpStatus, doc, parseError);
  }
  std::vector<ItemResult> results;
  for (const pugi::xml_node& m : doc.child(response, ns::kMessages, "ResponseMessages")) {
    if (doc.is(m, ns::kMessages, "GetItemResponseMessage")) {
      results.push_back(parseMessage(doc, m));
    }
  }
  if (results.empty()) {
    Error e = Error::parse("GetItemResponse without GetItemResponseMessage");
    e.httpStatus = httpStatus;
    return e;
  }
  return results;
}

}  // namespace ews
