#include "rules/policy.h"

#include "rules/zones.h"
#include "text.h"

namespace rules {
namespace {

constexpr const char* kWeekdayKeys[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr const char* kWeekdayLongNames[] = {"sunday",   "monday", "tuesday", "wednesday",
                                             "thursday", "friday", "saturday"};

}  // namespace

bool parseWeekday(std::string_view text, int* weekday) {
  const std::string lower = internal::toLower(internal::trim(text));
  for (int i = 0; i < 7; ++i) {
    if (lower == kWeekdayKeys[i] || lower == kWeekdayLongNames[i]) {
      *weekday = i;
      return true;
    }
  }
  return false;
}

const char* weekdayKey(int weekday) { return kWeekdayKeys[((weekday % 7) + 7) % 7]; }

bool validatePolicy(const Policy& policy, const ZoneDb& zones, std::string* error) {
  if (zones.find(policy.timeZone) == nullptr) {
    *error = "timeZone: unknown time zone " + internal::quoted(policy.timeZone) +
             " (expected an IANA name such as Europe/Berlin or a Windows name such as "
             "W. Europe Standard Time)";
    return false;
  }
  const WorkHours& hours = policy.workHours;
  if (hours.days > 0x7F) {
    *error = "workHours.days: bits above Saturday (0x40) are set";
    return false;
  }
  if (hours.startMinute < 0 || hours.startMinute > 1439) {
    *error = "workHours.start: expected 0..1439 minutes after midnight, got " +
             std::to_string(hours.startMinute);
    return false;
  }
  if (hours.endMinute < 0 || hours.endMinute > 1439) {
    *error = "workHours.end: expected 0..1439 minutes after midnight, got " +
             std::to_string(hours.endMinute);
    return false;
  }
  for (size_t i = 0; i < policy.vips.size(); ++i) {
    std::string problem;
    const std::string normal = normalizeVip(policy.vips[i], &problem);
    if (normal.empty()) {
      *error = "vips[" + std::to_string(i) + "]: " + problem;
      return false;
    }
    if (normal != policy.vips[i]) {
      *error = "vips[" + std::to_string(i) + "]: not normalised, expected " +
               internal::quoted(normal) + ", got " + internal::quoted(policy.vips[i]);
      return false;
    }
  }
  return true;
}

}  // namespace rules
