#include "send_notification.h"

#include <Poco/Base64Encoder.h>

#include <sstream>
#include <utility>

#include "xml_ns.h"

namespace fakes {
namespace {

constexpr std::string_view kEnvelopeOpen =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "<soap11:Envelope xmlns:soap11=\"http://schemas.xmlsoap.org/soap/envelope/\">";

std::string header(const std::string& version) {
  return "<soap11:Header><t:RequestServerVersion xmlns:t=\"http://schemas.microsoft.com/exchange/"
         "services/2006/types\" Version=\"" +
         xmlEscape(version) + "\"/></soap11:Header>";
}

constexpr std::string_view kBodyOpen =
    "<soap11:Body><m:SendNotification "
    "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" "
    "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"><m:ResponseMessages>";
constexpr std::string_view kBodyClose =
    "</m:ResponseMessages></m:SendNotification></soap11:Body></soap11:Envelope>";

const char* eventName(EventType type) {
  switch (type) {
    case EventType::kNewMail:
      return "NewMailEvent";
    case EventType::kCreated:
      return "CreatedEvent";
    case EventType::kDeleted:
      return "DeletedEvent";
    case EventType::kModified:
      return "ModifiedEvent";
    case EventType::kStatus:
      return "StatusEvent";
  }
  return "StatusEvent";
}

void idElement(std::string& out, const char* name, const std::string& id,
               const std::string& changeKey) {
  out += std::string("<t:") + name + " Id=\"" + xmlEscape(id) + "\" ChangeKey=\"" +
         xmlEscape(changeKey) + "\"/>";
}

// Element order: BaseNotificationEventType (Watermark?) then BaseObjectChangedEventType
// (TimeStamp, FolderId | ItemId, ParentFolderId), then ModifiedEventType's UnreadCount?.
void renderEvent(std::string& out, const NotificationEvent& e) {
  const std::string name = eventName(e.type);
  out += "<t:" + name + ">";
  if (!e.watermark.empty()) {
    out += "<t:Watermark>" + xmlEscape(e.watermark) + "</t:Watermark>";
  }
  if (e.type != EventType::kStatus) {
    out += "<t:TimeStamp>" + xmlEscape(e.timeStamp) + "</t:TimeStamp>";
    if (!e.itemId.empty()) {
      idElement(out, "ItemId", e.itemId, e.itemChangeKey);
    } else {
      idElement(out, "FolderId", e.folderId, e.folderChangeKey);
    }
    idElement(out, "ParentFolderId", e.parentFolderId, e.parentFolderChangeKey);
    if (e.type == EventType::kModified && e.unreadCount) {
      out += "<t:UnreadCount>" + std::to_string(*e.unreadCount) + "</t:UnreadCount>";
    }
  }
  out += "</t:" + name + ">";
}

std::string base64(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

std::string counterBytes(uint64_t sequence, size_t width) {
  std::string bytes(width, '\0');
  for (size_t i = 0; i < 8 && i < width; ++i) {
    bytes[width - 1 - i] = static_cast<char>((sequence >> (8 * i)) & 0xFF);
  }
  return bytes;
}

}  // namespace

NotificationEvent newMailEvent(std::string itemId, std::string parentFolderId,
                               std::string watermark, std::string timeStamp) {
  NotificationEvent e;
  e.type = EventType::kNewMail;
  e.itemId = std::move(itemId);
  e.parentFolderId = std::move(parentFolderId);
  e.watermark = std::move(watermark);
  e.timeStamp = std::move(timeStamp);
  return e;
}

NotificationEvent createdEvent(std::string itemId, std::string parentFolderId,
                               std::string watermark, std::string timeStamp) {
  NotificationEvent e = newMailEvent(std::move(itemId), std::move(parentFolderId),
                                     std::move(watermark), std::move(timeStamp));
  e.type = EventType::kCreated;
  return e;
}

NotificationEvent folderModifiedEvent(std::string folderId, std::string parentFolderId,
                                      int unreadCount, std::string watermark,
                                      std::string timeStamp) {
  NotificationEvent e;
  e.type = EventType::kModified;
  e.folderId = std::move(folderId);
  e.parentFolderId = std::move(parentFolderId);
  e.unreadCount = unreadCount;
  e.watermark = std::move(watermark);
  e.timeStamp = std::move(timeStamp);
  return e;
}

NotificationEvent statusEvent(std::string watermark) {
  NotificationEvent e;
  e.type = EventType::kStatus;
  e.watermark = std::move(watermark);
  return e;
}

std::string buildSendNotification(const Notification& n) {
  std::string out(kEnvelopeOpen);
  out += header(n.requestServerVersion);
  out += kBodyOpen;
  out +=
      "<m:SendNotificationResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError"
      "</m:ResponseCode><m:Notification>";
  out += "<t:SubscriptionId>" + xmlEscape(n.subscriptionId) + "</t:SubscriptionId>";
  if (!n.previousWatermark.empty()) {
    out += "<t:PreviousWatermark>" + xmlEscape(n.previousWatermark) + "</t:PreviousWatermark>";
  }
  out += std::string("<t:MoreEvents>") + (n.moreEvents ? "true" : "false") + "</t:MoreEvents>";
  for (const NotificationEvent& e : n.events) {
    renderEvent(out, e);
  }
  out += "</m:Notification></m:SendNotificationResponseMessage>";
  out += kBodyClose;
  return out;
}

std::string buildSendNotificationError(const std::string& subscriptionId,
                                       const std::string& requestServerVersion) {
  std::string out(kEnvelopeOpen);
  out += header(requestServerVersion);
  out += kBodyOpen;
  out +=
      "<m:SendNotificationResponseMessage ResponseClass=\"Error\"><m:MessageText>Unable to "
      "retrieve events for this subscription.  The subscription must be recreated."
      "</m:MessageText><m:ResponseCode>ErrorReadEventsFailed</m:ResponseCode>"
      "<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:MessageXml>"
      "<t:Value Name=\"SubscriptionId\">" +
      xmlEscape(subscriptionId) + "</t:Value></m:MessageXml></m:SendNotificationResponseMessage>";
  out += kBodyClose;
  return out;
}

std::string makeWatermark(uint64_t sequence) { return base64(counterBytes(sequence, 14)); }

std::string makeItemId(uint64_t sequence) {
  // Exchange 2013+ item ids: base64 of ~112 bytes, starting "AAMkA".
  std::string bytes("\x00\x03\x24\x00", 4);
  bytes += std::string(100, '\x11');
  bytes += counterBytes(sequence, 8);
  return base64(bytes);
}

}  // namespace fakes
