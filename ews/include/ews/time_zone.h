#pragma once

#include <cstdint>

namespace ews {

/// One yearly change between standard and daylight time, as EWS describes it
/// (SerializableTimeZoneTime, the rule of Windows' TIME_ZONE_INFORMATION): on the
/// dayOrder-th dayOfWeek of month, at timeOfDaySeconds of the local time in force before the
/// change. dayOrder 5 means the last such day of the month.
struct TimeChange {
  int biasMinutes = 0;       ///< Added to TimeZoneDescription::biasMinutes while in force.
  int timeOfDaySeconds = 0;  ///< 0..86399 (02:00:00 is 7200).
  int dayOrder = 0;          ///< 1..4 = first..fourth, 5 = last; 0 = no change (no DST).
  int month = 0;             ///< 1..12; 0 = no change.
  int dayOfWeek = 0;         ///< 0 = Sunday ... 6 = Saturday.
};

/// A time zone as EWS reports it in WorkingHours (SerializableTimeZone): no name, a base offset
/// and the two yearly changes. Windows' sign convention: UTC = local time + bias, so Pacific
/// time has bias 480 and a daylight bias of -60 (UTC-7 in summer).
struct TimeZoneDescription {
  int biasMinutes = 0;
  TimeChange standard;  ///< When daylight time ends (standard time starts).
  TimeChange daylight;  ///< When daylight time starts.

  /// True when both changes name a month and a day order 1..5 and their biases differ.
  bool observesDaylightTime() const;

  /// Local time minus UTC, in minutes, at an instant (Unix ms): -(bias + standard.bias) or,
  /// while daylight time is in force, -(bias + daylight.bias). Daylight time is in force from
  /// the daylight change to the standard change of the same calendar year, or, when the
  /// daylight change comes later in the year (southern hemisphere), outside that span.
  int utcOffsetMinutesAt(int64_t unixMs) const;

  /// The instant (Unix ms) of change in a year; offsetBeforeMinutes is the local offset in force
  /// before it (the change's time of day is read in that local time).
  static int64_t changeInstantMs(const TimeChange& change, int year, int offsetBeforeMinutes);
};

/// The day number (days since 1970-01-01) of the order-th weekday of a month: order 1..4, or 5
/// for the last one (also when a month has only four of them).
int64_t nthWeekdayOfMonth(int year, int month, int weekday, int order);

}  // namespace ews
