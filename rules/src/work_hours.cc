#include "work_hours.h"

namespace rules::internal {
namespace {

constexpr const char* kEnDash = "\xE2\x80\x93";  // "–"
constexpr int kMinutesPerDay = 24 * 60;

bool hasDay(unsigned days, int weekday) { return (days >> (((weekday % 7) + 7) % 7)) & 1U; }

}  // namespace

bool isWorkDay(const WorkHours& hours, int weekday) { return hasDay(hours.days, weekday); }

WindowMatch matchWorkHours(const WorkHours& hours, const LocalTime& t) {
  const int now = t.minuteOfDay();
  const int start = hours.startMinute;
  const int end = hours.endMinute;
  WindowMatch match;
  if (end > start) {  // Same-day window [start, end).
    if (now >= start && now < end && isWorkDay(hours, t.weekday)) {
      match = {true, t.weekday};
    }
    return match;
  }
  // Overnight (end < start) or 24 hours (end == start): [start, midnight) belongs to today's
  // shift, [midnight, end) to yesterday's.
  if (now >= start && isWorkDay(hours, t.weekday)) {
    match = {true, t.weekday};
  } else if (now < end && isWorkDay(hours, t.weekday + 6)) {
    match = {true, (t.weekday + 6) % 7};
  }
  return match;
}

std::string describeDays(unsigned days) {
  days &= 0x7FU;
  if (days == 0) {
    return "no work days";
  }
  if (days == 0x7FU) {
    return "every day";
  }
  // Runs of consecutive days around the week, listed from the first run starting on or after
  // Monday (so Sun–Thu stays one run).
  std::string out;
  for (int i = 0; i < 7; ++i) {
    const int day = (1 + i) % 7;
    if (!hasDay(days, day) || hasDay(days, day + 6)) {
      continue;  // Not the start of a run.
    }
    int last = day;
    while (hasDay(days, last + 1) && (last + 1) % 7 != day) {
      last = (last + 1) % 7;
    }
    if (!out.empty()) {
      out += ", ";
    }
    out += weekdayShortName(day);
    if (last != day) {
      out += kEnDash;
      out += weekdayShortName(last);
    }
  }
  return out;
}

std::string describeWorkHours(const WorkHours& hours) {
  std::string out = describeDays(hours.days) + " ";
  if (hours.startMinute == hours.endMinute) {
    return out + "24 hours from " + formatClockTime(hours.startMinute);
  }
  out += formatClockTime(hours.startMinute) + kEnDash + formatClockTime(hours.endMinute);
  if (hours.endMinute < hours.startMinute && hours.endMinute != 0) {
    out += " overnight";
  }
  return out;
}

}  // namespace rules::internal

namespace rules {

std::string formatClockTime(int minute) {
  minute =
      ((minute % internal::kMinutesPerDay) + internal::kMinutesPerDay) % internal::kMinutesPerDay;
  const char digits[] = {
      static_cast<char>('0' + minute / 600), static_cast<char>('0' + minute / 60 % 10), ':',
      static_cast<char>('0' + minute % 60 / 10), static_cast<char>('0' + minute % 10)};
  return std::string(digits, sizeof(digits));
}

bool parseClockTime(std::string_view text, int* minute) {
  if (text.size() != 5 || text[2] != ':') {
    return false;
  }
  for (size_t i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours == 24 && minutes == 0) {
    *minute = 0;  // Midnight at the end of the day.
    return true;
  }
  if (hours > 23 || minutes > 59) {
    return false;
  }
  *minute = hours * 60 + minutes;
  return true;
}

}  // namespace rules
