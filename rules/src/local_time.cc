#include "rules/local_time.h"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>

#include "text.h"

namespace rules {
namespace {

constexpr const char* kWeekdayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                         "Thursday", "Friday", "Saturday"};
constexpr const char* kWeekdayShortNames[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

// Reads exactly n digits at text[*pos].
bool readDigits(std::string_view text, size_t* pos, int n, int* value) {
  if (*pos + n > text.size()) {
    return false;
  }
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') {
      return false;
    }
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *value = v;
  return true;
}

bool expect(std::string_view text, size_t* pos, std::string_view chars) {
  if (*pos < text.size() && chars.find(text[*pos]) != std::string_view::npos) {
    ++*pos;
    return true;
  }
  return false;
}

}  // namespace

const char* weekdayName(int weekday) { return kWeekdayNames[((weekday % 7) + 7) % 7]; }

const char* weekdayShortName(int weekday) { return kWeekdayShortNames[((weekday % 7) + 7) % 7]; }

LocalTime toLocalTime(const date::time_zone* zone, std::chrono::system_clock::time_point at) {
  const auto seconds = date::floor<std::chrono::seconds>(at);
  LocalTime t;
  std::chrono::seconds offset{0};
  if (zone != nullptr) {
    const date::sys_info info = zone->get_info(seconds);
    offset = info.offset;
    t.abbrev = info.abbrev;
  } else {
    t.abbrev = "UTC";
  }
  const date::local_seconds local{seconds.time_since_epoch() + offset};
  const auto days = date::floor<date::days>(local);
  const date::year_month_day ymd{days};
  const date::hh_mm_ss<std::chrono::seconds> clock{local - days};
  t.year = static_cast<int>(ymd.year());
  t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  t.weekday = static_cast<int>(date::weekday{days}.c_encoding());
  t.hour = static_cast<int>(clock.hours().count());
  t.minute = static_cast<int>(clock.minutes().count());
  t.second = static_cast<int>(clock.seconds().count());
  t.offsetMinutes = static_cast<int>(offset.count() / 60);
  return t;
}

std::string formatLocalTime(const LocalTime& t) {
  const int offset = t.offsetMinutes < 0 ? -t.offsetMinutes : t.offsetMinutes;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d ", t.year, t.month,
                t.day, t.hour, t.minute, t.second, t.offsetMinutes < 0 ? '-' : '+', offset / 60,
                offset % 60);
  return std::string(buf) + weekdayName(t.weekday);
}

bool parseInstant(std::string_view text, std::chrono::system_clock::time_point* out,
                  std::string* error) {
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool ok = readDigits(text, &pos, 4, &year) && expect(text, &pos, "-") &&
            readDigits(text, &pos, 2, &month) && expect(text, &pos, "-") &&
            readDigits(text, &pos, 2, &day) && expect(text, &pos, "Tt ") &&
            readDigits(text, &pos, 2, &hour) && expect(text, &pos, ":") &&
            readDigits(text, &pos, 2, &minute) && expect(text, &pos, ":") &&
            readDigits(text, &pos, 2, &second);
  std::chrono::nanoseconds fraction{0};
  if (ok && expect(text, &pos, ".")) {
    const size_t first = pos;
    long long scale = 1000000000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      scale /= 10;
      fraction += std::chrono::nanoseconds((text[pos] - '0') * scale);
      ++pos;
    }
    ok = pos > first;
  }
  int offsetMinutes = 0;
  if (ok && !expect(text, &pos, "Zz")) {
    const bool negative = pos < text.size() && text[pos] == '-';
    int offsetHours = 0, offsetMins = 0;
    ok = expect(text, &pos, "+-") && readDigits(text, &pos, 2, &offsetHours) &&
         expect(text, &pos, ":") && readDigits(text, &pos, 2, &offsetMins) && offsetHours < 24 &&
         offsetMins < 60;
    offsetMinutes = (negative ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  ok = ok && pos == text.size() && ymd.ok() && hour < 24 && minute < 60 && second < 60;
  if (!ok) {
    *error =
        "expected an RFC 3339 instant such as 2026-11-21T21:15:00Z or "
        "2026-11-21T22:15:00+01:00, got " +
        internal::quoted(text);
    return false;
  }
  const auto local = date::sys_days{ymd} + std::chrono::hours(hour) +
                     std::chrono::minutes(minute - offsetMinutes) + std::chrono::seconds(second);
  *out = std::chrono::time_point_cast<std::chrono::system_clock::duration>(local + fraction);
  return true;
}

}  // namespace rules
