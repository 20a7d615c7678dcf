#pragma once

#include <string>

namespace rules {

/// The rule of DESIGN §5.2 that decided (first match wins).
enum class Rule {
  kAlertsAtAllTimes,  ///< workHoursOnly is off.
  kInsideWorkHours,
  kNonWorkDay,        ///< Not a work day and weekendAlerts is on.
  kVipAfterHours,
  kOutsideWorkHours,  ///< Suppressed.
};
const char* toString(Rule r);  ///< "alerts-at-all-times", "inside-work-hours", ...

struct Decision {
  bool deliver = false;
  Rule rule = Rule::kOutsideWorkHours;
  std::string zone;       ///< The IANA zone used.
  std::string localTime;  ///< e.g. "2026-11-21T22:15:00+01:00 Saturday".
  std::string reason;     ///< One line a help-desk person can read.
};

}  // namespace rules
