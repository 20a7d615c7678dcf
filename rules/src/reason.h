#pragma once

#include <string>

#include "rules/decision.h"
#include "rules/local_time.h"
#include "rules/policy.h"
#include "work_hours.h"

namespace rules::internal {

/// Everything the one-line reason needs, gathered by decide().
struct ReasonFacts {
  Rule rule = Rule::kOutsideWorkHours;
  LocalTime local;
  std::string zoneText;  ///< "Europe/Berlin", "Europe/Berlin (W. Europe Standard Time)", ...
  WorkHours hours;
  WindowMatch window;
  bool workDay = false;
  bool weekendAlerts = false;
  bool vipAfterHours = false;
  std::string sender;    ///< As the mail gave it, trimmed.
  std::string vipEntry;  ///< The matching VIP entry, "" when none.
};

/// One line a help-desk person can read, e.g. "Suppressed: 22:15 Saturday in Europe/Berlin is
/// outside work hours (Mon–Fri 09:00–17:30), weekend alerts are off and bob@contoso.com is not
/// a VIP".
std::string reasonText(const ReasonFacts& facts);

}  // namespace rules::internal
