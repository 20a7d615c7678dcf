#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rules {

/// Work days and hours, in the policy's local time zone, with minute precision.
struct WorkHours {
  uint8_t days = 0x3E;       ///< Bit i set = weekday i is a work day (0 = Sunday ... 6 = Saturday).
  int startMinute = 9 * 60;  ///< Minutes after local midnight, 0..1439.
  /// 0..1439. end <= start means the window runs past midnight into the next day;
  /// end == start means 24 hours.
  int endMinute = 17 * 60 + 30;
};

/// A user's notification policy (DESIGN §5.1).
struct Policy {
  std::string timeZone = "UTC";  ///< IANA name or a Windows zone name as Exchange reports it.
  WorkHours workHours;
  bool workHoursOnly = false;
  bool weekendAlerts = false;
  bool vipAfterHours = true;
  bool detailed = true;
  /// Normalised entries: lower-case "user@domain" or "@domain".
  std::vector<std::string> vips;
};

/// What the rules see of a mail.
struct MailMeta {
  std::string senderAddress;  ///< SMTP address (also for internal EX senders).
  std::string senderName;
  std::string subject;
  std::string snippet;
  std::string received;    ///< RFC 3339.
  std::string importance;  ///< "Low" | "Normal" | "High" | "".
  std::string itemClass;
};

}  // namespace rules
