#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rules {

class ZoneDb;

/// Work days and hours, in the policy's local time zone, with minute precision.
///
/// The window is [start, end): a mail at the start minute is inside, one at the end minute is
/// not. When end <= start the window runs past midnight into the next day (a night shift) and
/// belongs to the day it started: with Mon-Fri 22:00-06:00, Saturday 03:00 is inside (Friday's
/// shift) and Monday 03:00 is not (Sunday is no work day). end == start means 24 hours from start
/// (start = end = 00:00 is the whole calendar day).
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

// --- Registration helpers: parse, normalise and validate what an admin or app sends. ---

/// "HH:MM" (two digits each, 00:00..23:59) -> minutes after midnight. "24:00" is accepted as
/// midnight at the end of the day and gives 0 (so "start 09:00, end 24:00" runs to midnight).
bool parseClockTime(std::string_view text, int* minute);
/// 545 -> "09:05".
std::string formatClockTime(int minute);

/// "mon", "Mon", "monday", ... -> 0 (Sunday) ... 6 (Saturday).
bool parseWeekday(std::string_view text, int* weekday);
/// 1 -> "mon" (the key used in the registration JSON).
const char* weekdayKey(int weekday);

/// Normalises a VIP entry: surrounding whitespace dropped, lower-cased, a display-name form
/// ("Bob Smith" <Bob@X.com>, Bob <bob@x.com>) reduced to the address, a "smtp:"/"mailto:" prefix
/// dropped, "*@domain" read as "@domain". Returns "user@domain" or "@domain"; on a value that is
/// neither returns "" and sets *error (e.g. `expected user@domain or @domain, got "contoso.com"`).
std::string normalizeVip(const std::string& entry, std::string* error);

/// Checks a policy built in code or read from storage. On a problem returns false and sets
/// *error to "field: problem", e.g. `timeZone: unknown time zone "Mars/Base" ...`.
bool validatePolicy(const Policy& policy, const ZoneDb& zones, std::string* error);

}  // namespace rules
