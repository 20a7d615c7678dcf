#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ews {

/// Milliseconds since the Unix epoch of an xs:dateTime as EWS writes it (Event TimeStamp,
/// DateTimeReceived): YYYY-MM-DDThh:mm:ss[.fraction][Z|(+|-)hh:mm]. Without a zone the time is
/// UTC, which is what EWS sends. Strict, so that a caller can fall back to its own clock:
///  - year exactly four digits, 1970..9999; every other field exactly two digits;
///  - month 1..12, day valid for the month (Gregorian leap years);
///  - hour 0..23, or 24:00:00 (no fraction other than zeros), the end of the day, read as
///    00:00:00 of the next day;
///  - minute 0..59; second 0..59, or 60 (a leap second), read as 59;
///  - a fraction of one or more digits, truncated to milliseconds;
///  - an offset within -14:00..+14:00;
///  - nothing before or after (no whitespace; 'T' and 'Z' upper case);
///  - an instant not before the epoch.
/// Anything else is nullopt. Pure: no locale, no time zone database, no clock.
std::optional<int64_t> parseDateTimeMs(std::string_view text);

/// The xs:dateTime EWS accepts in a request for Unix milliseconds: UTC, whole seconds (the
/// fraction is dropped, rounding towards the past), e.g. "2024-03-05T09:15:00Z".
std::string formatDateTimeMs(int64_t unixMs);

/// A day of the proleptic Gregorian calendar.
struct CivilDate {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31
};

/// Days since 1970-01-01 of a date (negative before it); H. Hinnant's days_from_civil.
int64_t daysFromCivil(int year, int month, int day);
/// The date of a day number; the inverse of daysFromCivil.
CivilDate civilFromDays(int64_t days);
/// The weekday of a day number: 0 = Sunday ... 6 = Saturday.
int weekdayFromDays(int64_t days);
/// Days in a month of a year (leap years included).
int daysInMonth(int year, int month);

}  // namespace ews
