#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ews {

/// Exchange schema versions ENP can speak (RequestServerVersion/@Version).
enum class ServerVersion {
  kExchange2007_SP1,
  kExchange2010,
  kExchange2010_SP1,
  kExchange2010_SP2,
  kExchange2013,
  kExchange2013_SP1,
  kExchange2016,  ///< Also what Exchange 2019 and Exchange Online accept.
};

/// "Exchange2010_SP2" etc.
const char* toString(ServerVersion v);
/// Parses the schema name; nullopt when unknown.
std::optional<ServerVersion> parseServerVersion(const std::string& name);
/// Exchange 2013 and later have item:Preview.
bool hasPreview(ServerVersion v);

enum class EventType {
  kCopied,
  kCreated,
  kDeleted,
  kModified,
  kMoved,
  kNewMail,
  kStatus,
  kFreeBusyChanged,
};
const char* toString(EventType t);

/// One event of a push notification, in document order.
struct Event {
  EventType type = EventType::kStatus;
  std::string watermark;       ///< May be empty (streaming samples have none).
  std::string timeStamp;       ///< xs:dateTime as sent, empty for StatusEvent.
  std::string itemId;          ///< Set when the event is about an item.
  std::string folderId;        ///< Set when the event is about a folder.
  std::string parentFolderId;  ///< Folder holding the item or folder.
};

/// One Notification element: a subscription and its events.
struct Notification {
  std::string subscriptionId;
  std::string previousWatermark;
  bool moreEvents = false;
  std::vector<Event> events;
};

/// A SendNotificationResponseMessage with ResponseClass="Error" and no Notification
/// (e.g. ErrorReadEventsFailed: Exchange deleted the subscription).
struct NotificationError {
  std::string responseCode;
  std::string messageText;
  std::string subscriptionId;  ///< From MessageXml/Value[@Name="SubscriptionId"], may be empty.
};

/// Everything one SendNotification POST carried.
struct SendNotification {
  std::vector<Notification> notifications;
  std::vector<NotificationError> errors;
};

/// A mailbox as EWS reports it (t:Mailbox).
struct Mailbox {
  std::string name;
  std::string emailAddress;  ///< SMTP address, or an X.500 DN when routingType is "EX".
  std::string routingType;   ///< "SMTP", "EX", or empty.
};

/// What ENP reads of one item.
struct MailItem {
  std::string itemId;
  std::string changeKey;
  std::string itemClass;  ///< e.g. "IPM.Note", "IPM.Schedule.Meeting.Request".
  bool meeting = false;   ///< A MeetingRequest/MeetingMessage/... element or IPM.Schedule.*.
  Mailbox from;           ///< message:From, or message:Sender when From is absent.
  /// SMTP address of the sender even for internal EX senders
  /// (PidTagSenderSmtpAddress, 0x5D01), empty when the server did not give it.
  std::string senderSmtpAddress;
  std::string subject;
  std::string preview;     ///< item:Preview (2013+) or the text body (2010), as sent: not cut.
  std::string received;    ///< item:DateTimeReceived as sent (xs:dateTime, UTC "Z").
  std::string importance;  ///< "Low", "Normal", "High" or empty.

  /// The SMTP address to show and to match VIPs on: senderSmtpAddress, else from.emailAddress
  /// when its routing type is SMTP or empty, else "".
  std::string smtpAddress() const;
};

}  // namespace ews
