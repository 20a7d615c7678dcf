#include "enp/common/log_time.h"

#include <cstdio>
#include <ctime>

namespace enp {

std::string logTime(int64_t unixMs) {
  int64_t seconds = unixMs / 1000;
  int64_t millis = unixMs % 1000;
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[24];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", date, static_cast<int>(millis));
  return out;
}

}  // namespace enp
