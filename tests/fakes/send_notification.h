#pragma once

// Builds what Exchange POSTs to a push subscription's callback URL: a SOAP 1.1 envelope with a
// t:RequestServerVersion header and m:SendNotification (NOTES §1.1; compare
// tests/data/ews/sendnotification_statusevent_exchange2016_exchangelib.xml).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fakes {

enum class EventType { kNewMail, kCreated, kDeleted, kModified, kStatus };

/// One event of t:NotificationType. Item events set itemId; folder events set folderId.
struct NotificationEvent {
  EventType type = EventType::kNewMail;
  std::string watermark;  ///< Empty: no t:Watermark (streaming style).
  std::string timeStamp;  ///< xs:dateTime; ignored for kStatus.
  std::string itemId;
  std::string itemChangeKey = "CQAAAA==";
  std::string folderId;
  std::string folderChangeKey = "AQAAAA==";
  std::string parentFolderId;
  std::string parentFolderChangeKey = "AQAAAA==";
  std::optional<int> unreadCount;  ///< ModifiedEvent only.
};

NotificationEvent newMailEvent(std::string itemId, std::string parentFolderId,
                               std::string watermark, std::string timeStamp);
NotificationEvent createdEvent(std::string itemId, std::string parentFolderId,
                               std::string watermark, std::string timeStamp);
/// A folder ModifiedEvent, as Exchange sends when the Inbox unread count changes.
NotificationEvent folderModifiedEvent(std::string folderId, std::string parentFolderId,
                                      int unreadCount, std::string watermark,
                                      std::string timeStamp);
/// The heartbeat sent when StatusFrequency elapses with no events.
NotificationEvent statusEvent(std::string watermark);

struct Notification {
  std::string requestServerVersion = "Exchange2016";
  std::string subscriptionId;
  std::string previousWatermark;  ///< Empty: omitted.
  bool moreEvents = false;
  std::vector<NotificationEvent> events;  ///< Sent in this order.
};

/// The full SendNotification envelope, ResponseClass="Success".
std::string buildSendNotification(const Notification& notification);

/// The error form: ResponseClass="Error", ErrorReadEventsFailed, MessageXml carrying the
/// SubscriptionId and no m:Notification (the subscription is gone; NOTES §1.1).
std::string buildSendNotificationError(const std::string& subscriptionId,
                                       const std::string& requestServerVersion = "Exchange2016");

/// Opaque ids shaped like Exchange's (base64 of a counter), for tests and load generators.
std::string makeWatermark(uint64_t sequence);
std::string makeItemId(uint64_t sequence);

}  // namespace fakes
