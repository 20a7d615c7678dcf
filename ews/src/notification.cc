#include "ews/notification.h"

#include <array>
#include <sstream>
#include <utility>

#include "base/utf8.h"
#include "soap_names.h"
#include "xml_util.h"

namespace ews {
namespace {

constexpr std::array<std::pair<const char*, EventType>, 8> kEventElements = {{
    {"CopiedEvent", EventType::kCopied},
    {"CreatedEvent", EventType::kCreated},
    {"DeletedEvent", EventType::kDeleted},
    {"ModifiedEvent", EventType::kModified},
    {"MovedEvent", EventType::kMoved},
    {"NewMailEvent", EventType::kNewMail},
    {"StatusEvent", EventType::kStatus},
    {"FreeBusyChangedEvent", EventType::kFreeBusyChanged},
}};

std::optional<EventType> eventTypeOf(const xml::Document& doc, const pugi::xml_node& node) {
  if (doc.namespaceUri(node) != ns::kTypes) {
    return std::nullopt;
  }
  const std::string_view local = xml::localName(node);
  for (const auto& [name, type] : kEventElements) {
    if (local == name) {
      return type;
    }
  }
  return std::nullopt;
}

std::string idOf(const xml::Document& doc, const pugi::xml_node& event, std::string_view element) {
  return xml::trim(doc.child(event, ns::kTypes, element).attribute("Id").value());
}

// Ids and watermarks are base64 and time stamps xs:dateTime: a value that is not UTF-8 text or
// holds a control character (other than tab, CR, LF) is no EWS value, and ENP would store, log
// and send it back as it is. pugixml checks neither.
std::optional<Error> checkValue(std::string_view field, std::string_view value) {
  if (base::utf8::isPlainText(value)) {
    return std::nullopt;
  }
  return Error::parse("invalid UTF-8 or a control character in " + std::string(field));
}

// Reads one event. OldItemId, OldFolderId, OldParentFolderId and UnreadCount are ignored.
Result<Event> parseEvent(const xml::Document& doc, EventType type, const pugi::xml_node& node) {
  Event e;
  e.type = type;
  e.watermark = xml::trimmedText(doc.child(node, ns::kTypes, "Watermark"));
  e.timeStamp = xml::trimmedText(doc.child(node, ns::kTypes, "TimeStamp"));
  e.itemId = idOf(doc, node, "ItemId");
  e.folderId = idOf(doc, node, "FolderId");
  e.parentFolderId = idOf(doc, node, "ParentFolderId");
  const std::pair<const char*, const std::string&> fields[] = {
      {"Watermark", e.watermark},
      {"TimeStamp", e.timeStamp},
      {"ItemId/@Id", e.itemId},
      {"FolderId/@Id", e.folderId},
      {"ParentFolderId/@Id", e.parentFolderId},
  };
  for (const auto& [field, value] : fields) {
    if (std::optional<Error> err = checkValue(field, value)) {
      return *err;
    }
  }
  return e;
}

Result<Notification> parseNotification(const xml::Document& doc, const pugi::xml_node& node) {
  Notification n;
  n.subscriptionId = xml::trimmedText(doc.child(node, ns::kTypes, "SubscriptionId"));
  if (n.subscriptionId.empty()) {
    return Error::parse("Notification without SubscriptionId");
  }
  n.previousWatermark = xml::trimmedText(doc.child(node, ns::kTypes, "PreviousWatermark"));
  for (const std::optional<Error>& err : {checkValue("SubscriptionId", n.subscriptionId),
                                          checkValue("PreviousWatermark", n.previousWatermark)}) {
    if (err) {
      return *err;
    }
  }
  const std::string more = xml::trimmedText(doc.child(node, ns::kTypes, "MoreEvents"));
  n.moreEvents = more == "true" || more == "1";
  for (const pugi::xml_node& c : node.children()) {
    if (const std::optional<EventType> type = eventTypeOf(doc, c)) {
      Result<Event> e = parseEvent(doc, *type, c);
      if (!e) {
        return e.error();
      }
      n.events.push_back(std::move(e).value());
    }
  }
  return n;
}

// The code and text are repaired to UTF-8 (they are only logged); the SubscriptionId is checked
// like the one of a Notification.
Result<NotificationError> parseMessageError(const xml::Document& doc, const pugi::xml_node& message,
                                            std::string code) {
  NotificationError e;
  e.responseCode = base::utf8::repair(code);
  e.messageText =
      base::utf8::repair(xml::trimmedText(doc.child(message, ns::kMessages, "MessageText")));
  e.subscriptionId =
      doc.messageXmlValue(doc.child(message, ns::kMessages, "MessageXml"), "SubscriptionId");
  if (std::optional<Error> err = checkValue("MessageXml SubscriptionId", e.subscriptionId)) {
    return *err;
  }
  return e;
}

// One SendNotificationResponseMessage: its Notification(s), or the error it reports.
std::optional<Error> parseMessage(const xml::Document& doc, const pugi::xml_node& message,
                                  SendNotification& out) {
  const std::string responseClass = xml::trim(message.attribute("ResponseClass").value());
  std::string code = xml::trimmedText(doc.child(message, ns::kMessages, "ResponseCode"));
  bool any = false;
  for (const pugi::xml_node& c : message.children()) {
    if (doc.is(c, ns::kMessages, "Notification")) {
      Result<Notification> n = parseNotification(doc, c);
      if (!n) {
        return n.error();
      }
      out.notifications.push_back(std::move(n).value());
      any = true;
    }
  }
  const bool failed = responseClass == "Error" || (!code.empty() && code != "NoError");
  if (failed) {
    Result<NotificationError> e =
        parseMessageError(doc, message, code.empty() ? responseClass : code);
    if (!e) {
      return e.error();
    }
    out.errors.push_back(std::move(e).value());
  } else if (!any) {
    return Error::parse("SendNotificationResponseMessage without Notification");
  }
  return std::nullopt;
}

}  // namespace

Result<SendNotification> parseSendNotification(std::string_view xmlText) {
  xml::Document doc;
  if (std::optional<Error> err = doc.parse(xmlText)) {
    return *err;
  }
  const pugi::xml_node op = doc.soapBodyChild();
  if (!doc.is(op, ns::kMessages, "SendNotification")) {
    return Error::parse("not a SOAP 1.1 SendNotification");
  }
  const pugi::xml_node messages = doc.child(op, ns::kMessages, "ResponseMessages");
  SendNotification out;
  size_t count = 0;
  for (const pugi::xml_node& m : messages.children()) {
    if (doc.is(m, ns::kMessages, "SendNotificationResponseMessage")) {
      ++count;
      if (std::optional<Error> err = parseMessage(doc, m, out)) {
        return *err;
      }
    }
  }
  if (count == 0) {
    return Error::parse("SendNotification without SendNotificationResponseMessage");
  }
  return out;
}

std::string lastWatermark(const Notification& notification) {
  for (auto e = notification.events.rbegin(); e != notification.events.rend(); ++e) {
    if (!e->watermark.empty()) {
      return e->watermark;
    }
  }
  return notification.previousWatermark;
}

bool continuesFrom(const Notification& notification, std::string_view kept) {
  return notification.previousWatermark.empty() || kept.empty() ||
         notification.previousWatermark == kept;
}

std::string renderSendNotificationResult(SubscriptionStatus status) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  pugi::xml_node envelope = doc.append_child("s:Envelope");
  envelope.append_attribute("xmlns:s") = ns::kSoap;
  envelope.append_attribute("xmlns:m") = ns::kMessages;
  envelope.append_attribute("xmlns:t") = ns::kTypes;
  pugi::xml_node result = envelope.append_child("s:Body").append_child("m:SendNotificationResult");
  result.append_child("m:SubscriptionStatus")
      .text()
      .set(status == SubscriptionStatus::kOk ? "OK" : "Unsubscribe");
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return out.str();
}

}  // namespace ews
