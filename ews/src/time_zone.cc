#include "ews/time_zone.h"

#include "ews/date_time.h"

namespace ews {
namespace {

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kDayMs = 86'400'000;

bool describesChange(const TimeChange& c) {
  return c.month >= 1 && c.month <= 12 && c.dayOrder >= 1 && c.dayOrder <= 5 && c.dayOfWeek >= 0 &&
         c.dayOfWeek <= 6;
}

int64_t floorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

int64_t nthWeekdayOfMonth(int year, int month, int weekday, int order) {
  const int64_t first = daysFromCivil(year, month, 1);
  int64_t day = first + (weekday - weekdayFromDays(first) + 7) % 7 + (order - 1) * 7;
  const int64_t last = first + daysInMonth(year, month) - 1;
  while (day > last) {
    day -= 7;
  }
  return day;
}

bool TimeZoneDescription::observesDaylightTime() const {
  return describesChange(standard) && describesChange(daylight) &&
         standard.biasMinutes != daylight.biasMinutes;
}

int64_t TimeZoneDescription::changeInstantMs(const TimeChange& change, int year,
                                             int offsetBeforeMinutes) {
  const int64_t day = nthWeekdayOfMonth(year, change.month, change.dayOfWeek, change.dayOrder);
  return day * kDayMs + static_cast<int64_t>(change.timeOfDaySeconds) * 1000 -
         static_cast<int64_t>(offsetBeforeMinutes) * kMinuteMs;
}

int TimeZoneDescription::utcOffsetMinutesAt(int64_t unixMs) const {
  const int standardOffset = -(biasMinutes + standard.biasMinutes);
  if (!observesDaylightTime()) {
    return standardOffset;
  }
  const int daylightOffset = -(biasMinutes + daylight.biasMinutes);
  const int year = civilFromDays(floorDiv(unixMs + standardOffset * kMinuteMs, kDayMs)).year;
  const int64_t starts = changeInstantMs(daylight, year, standardOffset);
  const int64_t ends = changeInstantMs(standard, year, daylightOffset);
  const bool inDaylight =
      starts < ends ? (unixMs >= starts && unixMs < ends) : (unixMs >= starts || unixMs < ends);
  return inDaylight ? daylightOffset : standardOffset;
}

}  // namespace ews
