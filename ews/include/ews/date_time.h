#pragma once

#include <cstdint>
#include <optional>
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

}  // namespace ews
