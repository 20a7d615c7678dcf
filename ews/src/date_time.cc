#include "ews/date_time.h"

namespace ews {
namespace {

// The value of the n ASCII digits at text[pos], or -1 when any of them is missing or no digit.
int digits(std::string_view text, size_t pos, size_t n) {
  if (pos + n > text.size()) {
    return -1;
  }
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return -1;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool isLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeapYear(y) ? 29 : kDays[m - 1];
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's
// days_from_civil), for y >= 1970.
int64_t daysFromCivil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = y / 400;
  const int yoe = y - era * 400;                                    // [0, 399]
  const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return static_cast<int64_t>(era) * 146097 + doe - 719468;
}

}  // namespace

std::optional<int64_t> parseDateTimeMs(std::string_view text) {
  // YYYY-MM-DDThh:mm:ss: 19 characters at fixed places.
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  const int year = digits(text, 0, 4);
  const int month = digits(text, 5, 2);
  const int day = digits(text, 8, 2);
  const int hour = digits(text, 11, 2);
  const int minute = digits(text, 14, 2);
  int second = digits(text, 17, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ||
      hour < 0 || hour > 24 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  int millis = 0;
  bool zeroFraction = true;
  if (pos < text.size() && text[pos] == '.') {
    const size_t start = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (pos - start < 3) {
        millis = millis * 10 + (text[pos] - '0');
      }
      zeroFraction = zeroFraction && text[pos] == '0';
      ++pos;
    }
    if (pos == start) {
      return std::nullopt;  // "." without digits.
    }
    for (size_t n = pos - start; n < 3; ++n) {
      millis *= 10;  // ".5" is 500 ms.
    }
  }
  int offsetMinutes = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    const int oh = digits(text, pos + 1, 2);
    const int om = digits(text, pos + 4, 2);
    if (pos + 6 > text.size() || text[pos + 3] != ':' || oh < 0 || om < 0 || om > 59 ||
        oh * 60 + om > 14 * 60) {
      return std::nullopt;
    }
    offsetMinutes = sign * (oh * 60 + om);
    pos += 6;
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  if (hour == 24 && (minute != 0 || second != 0 || !zeroFraction)) {
    return std::nullopt;  // 24:00:00 is the only time in hour 24.
  }
  if (second == 60) {
    second = 59;  // A leap second: no room for it in Unix time.
  }
  // Hour 24 is 00 of the next day: the arithmetic below carries it over.
  const int64_t seconds = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60 +
                          second - static_cast<int64_t>(offsetMinutes) * 60;
  const int64_t ms = seconds * 1000 + millis;
  if (ms < 0) {
    return std::nullopt;
  }
  return ms;
}

}  // namespace ews
