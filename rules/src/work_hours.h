#pragma once

#include <string>

#include "rules/local_time.h"
#include "rules/policy.h"

namespace rules::internal {

/// Where a local time falls relative to the work window (see WorkHours for the contract).
struct WindowMatch {
  bool inside = false;
  /// The weekday whose window holds the time (the day a night shift started), -1 when outside.
  int shiftDay = -1;
};

bool isWorkDay(const WorkHours& hours, int weekday);
WindowMatch matchWorkHours(const WorkHours& hours, const LocalTime& t);

/// "Mon–Fri", "Sun–Thu", "Mon, Wed, Fri", "Wed", "every day", "no work days".
std::string describeDays(unsigned days);
/// "Mon–Fri 09:00–17:30", "Mon–Fri 22:00–06:00 overnight", "Mon–Fri 24 hours from 08:00".
std::string describeWorkHours(const WorkHours& hours);

}  // namespace rules::internal
