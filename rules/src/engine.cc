#include "rules/engine.h"

#include <date/tz.h>

#include "reason.h"
#include "text.h"
#include "work_hours.h"

namespace rules {

const char* toString(Rule r) {
  switch (r) {
    case Rule::kAlertsAtAllTimes:
      return "alerts-at-all-times";
    case Rule::kInsideWorkHours:
      return "inside-work-hours";
    case Rule::kNonWorkDay:
      return "non-work-day";
    case Rule::kVipAfterHours:
      return "vip-after-hours";
    case Rule::kOutsideWorkHours:
      return "outside-work-hours";
  }
  return "unknown";
}

Decision decide(const Policy& policy, const MailMeta& mail,
                std::chrono::system_clock::time_point at, const ZoneDb& zones) {
  internal::ReasonFacts facts;
  Decision decision;
  const date::time_zone* zone = zones.find(policy.timeZone);
  const std::string asGiven(internal::trim(policy.timeZone));
  if (zone != nullptr) {
    decision.zone = zone->name();
    facts.zoneText = decision.zone;
    if (asGiven != decision.zone) {
      facts.zoneText += " (" + asGiven + ")";
    }
  } else {
    decision.zone = "UTC";
    facts.zoneText = "UTC (time zone " + internal::quoted(policy.timeZone) + " is unknown)";
  }
  facts.local = toLocalTime(zone, at);
  decision.localTime = formatLocalTime(facts.local);
  facts.hours = policy.workHours;
  facts.window = internal::matchWorkHours(policy.workHours, facts.local);
  facts.workDay = internal::isWorkDay(policy.workHours, facts.local.weekday);
  facts.weekendAlerts = policy.weekendAlerts;
  facts.vipAfterHours = policy.vipAfterHours;
  facts.sender = std::string(internal::trim(mail.senderAddress));
  facts.vipEntry = matchingVip(policy, mail.senderAddress);

  if (!policy.workHoursOnly) {
    facts.rule = Rule::kAlertsAtAllTimes;
  } else if (facts.window.inside) {
    facts.rule = Rule::kInsideWorkHours;
  } else if (!facts.workDay && policy.weekendAlerts) {
    facts.rule = Rule::kNonWorkDay;
  } else if (!facts.vipEntry.empty() && policy.vipAfterHours) {
    facts.rule = Rule::kVipAfterHours;
  } else {
    facts.rule = Rule::kOutsideWorkHours;
  }
  decision.rule = facts.rule;
  decision.deliver = facts.rule != Rule::kOutsideWorkHours;
  decision.reason = internal::reasonText(facts);
  return decision;
}

}  // namespace rules
