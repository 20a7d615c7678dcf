#pragma once

// Value types of the fake Exchange's mailbox store.

#include <optional>
#include <string>
#include <vector>

namespace fakes {

/// An EWS t:Mailbox (From, Sender). RoutingType "SMTP" carries an SMTP address; "EX" carries an
/// X.500 legacy DN such as "/O=CONTOSO/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=BOB".
struct FakeAddress {
  std::string name;
  std::string emailAddress;
  std::string routingType = "SMTP";
  std::string mailboxType = "Mailbox";
};

enum class ItemKind { kMessage, kMeetingRequest };

/// One item in a fake mailbox, as GetItem serves it.
struct FakeItem {
  std::string id;
  std::string changeKey = "CQAAABYAAAD";
  ItemKind kind = ItemKind::kMessage;
  std::string itemClass;  ///< Empty: IPM.Note, or IPM.Schedule.Meeting.Request for meetings.
  FakeAddress from;
  std::optional<FakeAddress> sender;  ///< Empty: same as from (no delegate).
  /// PidTagSenderSmtpAddress (ExtendedProperty PropertyTag 0x5D01), served only when asked for
  /// with t:ExtendedFieldURI; empty = the property is not set on the item.
  std::string senderSmtpAddress;
  std::string subject;
  std::string body;     ///< Plain text body.
  std::string preview;  ///< Empty: the first 256 characters of body, as Exchange 2013+ computes.
  std::string received = "2024-03-05T09:15:00Z";  ///< xs:dateTime, UTC.
  std::string importance = "Normal";              ///< Low | Normal | High.

  std::string effectiveItemClass() const {
    if (!itemClass.empty()) {
      return itemClass;
    }
    return kind == ItemKind::kMeetingRequest ? "IPM.Schedule.Meeting.Request" : "IPM.Note";
  }
};

/// One yearly change of a t:SerializableTimeZone (StandardTime or DaylightTime).
struct FakeTimeChange {
  int bias = 0;                   ///< Minutes added to the zone's bias while in force.
  std::string time = "02:00:00";  ///< Local time of the change.
  int dayOrder = 0;               ///< 1..4, 5 = last; 0 = no change.
  int month = 0;                  ///< 1..12; 0 = no change.
  std::string dayOfWeek = "Sunday";
};

/// A mailbox's t:WorkingHours as GetUserAvailability reports them.
struct FakeWorkingHours {
  int bias = 0;  ///< UTC = local + bias (480 for Pacific).
  FakeTimeChange standard;
  FakeTimeChange daylight;
  struct Period {
    std::string days = "Monday Tuesday Wednesday Thursday Friday";  ///< As sent (a list).
    int startMinute = 480;
    int endMinute = 1020;
  };
  std::vector<Period> periods = {Period{}};
};

/// Header t:ServerVersionInfo of every answer. Default: Exchange 2016 CU (15.1, V2017_07_11).
struct ServerVersionInfo {
  int majorVersion = 15;
  int minorVersion = 1;
  int majorBuildNumber = 2507;
  int minorBuildNumber = 6;
  std::string version = "V2017_07_11";
};

}  // namespace fakes
