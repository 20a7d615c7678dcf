#include "enp/source/mime/mail_date.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "enp/source/mime/text_util.h"

namespace enp::mime {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};

struct ZoneName {
  std::string_view name;
  int minutes;
};
// RFC 5322 §4.3 obsolete zone names; any other name counts as UTC.
constexpr std::array<ZoneName, 12> kZones = {{{"ut", 0},
                                              {"utc", 0},
                                              {"gmt", 0},
                                              {"z", 0},
                                              {"edt", -4 * 60},
                                              {"est", -5 * 60},
                                              {"cdt", -5 * 60},
                                              {"cst", -6 * 60},
                                              {"mdt", -6 * 60},
                                              {"mst", -7 * 60},
                                              {"pdt", -7 * 60},
                                              {"pst", -8 * 60}}};

// Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's days_from_civil).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2 ? 1 : 0);
}

bool allDigits(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

int toInt(std::string_view s) {
  int v = 0;
  for (char c : s) {
    v = v * 10 + (c - '0');
  }
  return v;
}

// Splits on spaces, tabs and commas; drops comments in parentheses.
std::vector<std::string_view> tokens(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size() && out.size() < 16) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '(') {
      const size_t close = text.find(')', i);
      i = close == std::string_view::npos ? text.size() : close + 1;
    } else {
      size_t j = i;
      while (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != ',' &&
             text[j] != '(' && text[j] != '\r' && text[j] != '\n') {
        ++j;
      }
      out.push_back(text.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

Status notADate() { return Status::invalid("not an RFC 5322 date"); }

}  // namespace

Result<std::string> parseMailDate(std::string_view text) {
  std::vector<std::string_view> t = tokens(text);
  size_t i = 0;
  if (i < t.size() && !t[i].empty() && !allDigits(t[i])) {
    ++i;  // day of week
  }
  if (t.size() < i + 4) {
    return notADate();
  }
  if (!allDigits(t[i]) || t[i].size() > 2) {
    return notADate();
  }
  const int day = toInt(t[i]);
  const std::string month = lowerAscii(t[i + 1].substr(0, 3));
  int mon = 0;
  for (size_t m = 0; m < kMonths.size(); ++m) {
    if (kMonths[m] == month) {
      mon = static_cast<int>(m) + 1;
    }
  }
  if (mon == 0 || !allDigits(t[i + 2]) || t[i + 2].size() > 4) {
    return notADate();
  }
  int year = toInt(t[i + 2]);
  if (t[i + 2].size() <= 2) {
    year += year < 50 ? 2000 : 1900;
  } else if (t[i + 2].size() == 3) {
    year += 1900;
  }
  // Time: hh:mm[:ss]
  const std::string_view time = t[i + 3];
  int hh = 0;
  int mm = 0;
  int ss = 0;
  {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (size_t k = 0; k <= time.size(); ++k) {
      if (k == time.size() || time[k] == ':') {
        parts.push_back(time.substr(start, k - start));
        start = k + 1;
      }
    }
    if (parts.size() < 2 || parts.size() > 3) {
      return notADate();
    }
    for (std::string_view p : parts) {
      if (!allDigits(p) || p.size() > 2) {
        return notADate();
      }
    }
    hh = toInt(parts[0]);
    mm = toInt(parts[1]);
    ss = parts.size() == 3 ? toInt(parts[2]) : 0;
  }
  int zoneMinutes = 0;
  if (t.size() > i + 4) {
    const std::string_view zone = t[i + 4];
    if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 5 && allDigits(zone.substr(1))) {
      const int v = toInt(zone.substr(1));
      zoneMinutes = (v / 100) * 60 + v % 100;
      zoneMinutes = zone[0] == '-' ? -zoneMinutes : zoneMinutes;
      if (v % 100 >= 60) {
        return notADate();
      }
    } else {
      const std::string name = lowerAscii(zone);
      for (const ZoneName& z : kZones) {
        zoneMinutes = z.name == name ? z.minutes : zoneMinutes;
      }
    }
  }
  if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 || year < 1900 || year > 9999) {
    return notADate();
  }
  int64_t seconds =
      daysFromCivil(year, static_cast<unsigned>(mon), static_cast<unsigned>(day)) * 86400 +
      hh * 3600 + mm * 60 + (ss == 60 ? 59 : ss) - zoneMinutes * 60;
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const int64_t rest = seconds - days * 86400;
  int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  civilFromDays(days, &y, &m, &d);
  const auto hour = static_cast<unsigned>(rest / 3600);
  const auto minute = static_cast<unsigned>((rest / 60) % 60);
  const auto second = static_cast<unsigned>(rest % 60);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04u-%02u-%02uT%02u:%02u:%02uZ",
                static_cast<unsigned>(y) % 10000, m % 100, d % 100, hour % 100, minute % 100,
                second % 100);
  return std::string(buffer);
}

Result<std::string> parseImapDate(std::string_view text) {
  std::string s(trimSpaces(text));
  // "dd-Mon-yyyy hh:mm:ss +zzzz": the date's dashes become spaces, then it is an RFC 5322 date.
  const size_t space = s.find(' ');
  for (size_t k = 0; k < s.size() && k < space; ++k) {
    if (s[k] == '-') {
      s[k] = ' ';
    }
  }
  return parseMailDate(s);
}

}  // namespace enp::mime
