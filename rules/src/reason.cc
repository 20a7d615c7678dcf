#include "reason.h"

#include "rules/engine.h"

namespace rules::internal {
namespace {

// "22:15 Saturday in Europe/Berlin"
std::string when(const ReasonFacts& f) {
  return formatClockTime(f.local.minuteOfDay()) + " " + weekdayName(f.local.weekday) + " in " +
         f.zoneText;
}

std::string hoursText(const ReasonFacts& f) { return "(" + describeWorkHours(f.hours) + ")"; }

// What rule 4 saw of the sender, for a suppressed mail.
std::string senderClause(const ReasonFacts& f) {
  if (f.sender.empty()) {
    return "the sender's address is unknown";
  }
  if (isX500Address(f.sender)) {
    return "the sender has no SMTP address (Exchange X.500 address " + f.sender + ")";
  }
  if (!f.vipEntry.empty()) {
    return f.sender + " is a VIP but VIP alerts after hours are off";
  }
  return f.sender + " is not a VIP";
}

}  // namespace

std::string reasonText(const ReasonFacts& f) {
  switch (f.rule) {
    case Rule::kAlertsAtAllTimes:
      return "Delivered: work-hours-only is off, so alerts come at all times (" + when(f) + ")";
    case Rule::kInsideWorkHours: {
      std::string text = "Delivered: " + when(f) + " is inside work hours " + hoursText(f);
      if (f.window.shiftDay >= 0 && f.window.shiftDay != f.local.weekday) {
        text += ", in the shift that started " + std::string(weekdayName(f.window.shiftDay));
      }
      return text;
    }
    case Rule::kNonWorkDay:
      return "Delivered: " + when(f) + " is on a non-work day " + hoursText(f) +
             " and weekend alerts are on";
    case Rule::kVipAfterHours: {
      std::string text = "Delivered: " + when(f) + " is outside work hours " + hoursText(f) +
                         " but " + f.sender + " is a VIP";
      if (f.vipEntry.front() == '@') {
        text += " (" + f.vipEntry + ")";
      }
      return text;
    }
    case Rule::kOutsideWorkHours:
      break;
  }
  std::string text = "Suppressed: " + when(f) + " is outside work hours " + hoursText(f);
  if (!f.workDay) {
    text += ", weekend alerts are off";
  }
  return text + " and " + senderClause(f);
}

}  // namespace rules::internal
