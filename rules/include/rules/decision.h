#pragma once

#include <string>

namespace rules {

/// The rule of DESIGN §5.2 that decided (first match wins).
enum class Rule {
  kAlertsAtAllTimes,  ///< workHoursOnly is off.
  kInsideWorkHours,
  kNonWorkDay,  ///< Not a work day and weekendAlerts is on.
  kVipAfterHours,
  kOutsideWorkHours,  ///< Suppressed.
};
const char* toString(Rule r);  ///< "alerts-at-all-times", "inside-work-hours", ...

struct Decision {
  bool deliver = false;
  Rule rule = Rule::kOutsideWorkHours;
  std::string zone;  ///< The IANA zone used ("UTC" when the policy's zone is unknown).
  /// The local time used: RFC 3339 date-time with the zone's offset at that instant, a space
  /// and the English weekday, e.g. "2026-11-21T22:15:00+01:00 Saturday" (formatLocalTime()).
  std::string localTime;
  std::string reason;  ///< One line a help-desk person can read.
};

}  // namespace rules
