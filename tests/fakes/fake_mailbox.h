#pragma once

// Value types of the fake Exchange's mailbox store.

#include <optional>
#include <string>

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

/// Header t:ServerVersionInfo of every answer. Default: Exchange 2016 CU (15.1, V2017_07_11).
struct ServerVersionInfo {
  int majorVersion = 15;
  int minorVersion = 1;
  int majorBuildNumber = 2507;
  int minorBuildNumber = 6;
  std::string version = "V2017_07_11";
};

}  // namespace fakes
