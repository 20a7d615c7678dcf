#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "ews/availability.h"
#include "rules/policy.h"
#include "rules/zones.h"

namespace enp {

/// A mailbox's Exchange working hours (GetUserAvailability) in the terms of a registration's
/// policy (rules::Policy::timeZone and workHours).
struct ExchangeWorkHours {
  /// The tzdata zone whose UTC offsets agree with Exchange's description over the year of the
  /// instant given (matchZone()); "" when none does, and notes say so.
  std::string timeZone;
  rules::WorkHours workHours;
  /// What could not be carried over exactly, one sentence each (for the log and the console):
  /// unknown day names, periods with different hours, no matching zone.
  std::vector<std::string> notes;
};

/// Converts Exchange's working hours. Policy work hours are one window on a set of days, so
/// periods with different hours become the union of their days with the earliest start and the
/// latest end (noted). An end of 1440 minutes is midnight (endMinute 0); start 0 and end 1440
/// is the whole day. kInvalid when no period names a known day.
Result<ExchangeWorkHours> toExchangeWorkHours(const ews::WorkingHours& hours,
                                              const rules::ZoneDb& zones,
                                              std::chrono::system_clock::time_point at,
                                              const std::string& preferredZone = "");

/// Exchange names no zone in WorkingHours, only its rules: finds the zone that follows them.
/// Candidates are preferredZone (e.g. the zone the registration has now) and then the zones of
/// CLDR's Windows map in the order of their Windows names; the first whose offset equals the
/// description's at the middle of every month and one minute before and after each of the
/// description's changes in the calendar year of `at` wins. Zones that share today's rules
/// (Europe/Berlin and Europe/Paris) are interchangeable for the rules engine. Returns the
/// zone's tzdata name, or "" when no candidate agrees.
std::string matchZone(const ews::TimeZoneDescription& description, const rules::ZoneDb& zones,
                      std::chrono::system_clock::time_point at,
                      const std::string& preferredZone = "");

}  // namespace enp
