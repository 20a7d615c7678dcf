#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace rules {

/// A wall-clock reading in some zone, with the offset in force at that instant.
struct LocalTime {
  int year = 1970;
  int month = 1;    ///< 1..12
  int day = 1;      ///< 1..31
  int weekday = 4;  ///< 0 = Sunday ... 6 = Saturday (as WorkHours::days).
  int hour = 0;
  int minute = 0;
  int second = 0;         ///< Fractions of a second are dropped (floor).
  int offsetMinutes = 0;  ///< Local minus UTC, e.g. +60 for CET, +345 for Asia/Kathmandu.
  std::string abbrev;     ///< tzdata abbreviation: "CET", "EDT", "+0545", "UTC".

  int minuteOfDay() const { return hour * 60 + minute; }
};

/// The local time of an instant in a zone, with the zone's real rules (DST, historical changes).
/// A null zone means UTC.
LocalTime toLocalTime(const date::time_zone* zone, std::chrono::system_clock::time_point at);

/// Decision::localTime format: RFC 3339 local date-time with its UTC offset, a space and the
/// English weekday, e.g. "2026-11-21T22:15:00+01:00 Saturday", "2026-05-04T14:45:00+05:45 Monday".
std::string formatLocalTime(const LocalTime& t);

/// "English" names: weekdayName(6) == "Saturday", weekdayShortName(6) == "Sat".
const char* weekdayName(int weekday);
const char* weekdayShortName(int weekday);

/// Parses an RFC 3339 instant: "2026-11-21T21:15:00Z", "2026-11-21T22:15:00.5+01:00" ('t', 'z'
/// and a space for 'T' accepted). On failure returns false and sets *error to a sentence naming
/// the text.
bool parseInstant(std::string_view text, std::chrono::system_clock::time_point* out,
                  std::string* error);

}  // namespace rules
