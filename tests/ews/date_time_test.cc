#include "ews/date_time.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace ews {
namespace {

constexpr int64_t kExample = 1'709'539'201'000;  // 2024-03-04T08:00:01Z

TEST(DateTimeTest, AcceptedForms) {
  const struct {
    const char* text;
    int64_t ms;
  } cases[] = {
      {"1970-01-01T00:00:00Z", 0},
      {"1970-01-01T00:00:00", 0},  // No zone: UTC.
      {"2024-03-04T08:00:01Z", kExample},
      {"2024-03-04T08:00:01", kExample},
      {"2024-03-04T08:00:01.5Z", kExample + 500},
      {"2024-03-04T08:00:01.05Z", kExample + 50},
      {"2024-03-04T08:00:01.123Z", kExample + 123},
      {"2024-03-04T08:00:01.1239999Z", kExample + 123},  // .NET's 7 digits, truncated.
      {"2024-03-04T08:00:01.000Z", kExample},
      {"2024-03-04T09:00:01+01:00", kExample},
      {"2024-03-04T02:30:01-05:30", kExample},
      {"2024-03-04T08:00:01+00:00", kExample},
      {"2024-03-04T08:00:01-00:00", kExample},
      {"2024-03-04T22:00:00+14:00", 1'709'539'200'000},
      {"2024-03-04T22:00:00-14:00", 1'709'640'000'000},
      {"2024-02-29T12:00:00Z", 1'709'208'000'000},  // Leap year.
      {"2000-02-29T00:00:00Z", 951'782'400'000},    // Divisible by 400: leap year.
      {"2016-12-31T23:59:60Z", 1'483'228'799'000},  // Leap second, read as :59.
      {"2016-12-31T23:59:60.5Z", 1'483'228'799'500},
      {"2024-03-04T24:00:00Z", 1'709'596'800'000},      // End of day: next day 00:00.
      {"2024-12-31T24:00:00.000Z", 1'735'689'600'000},  // Into the next year.
      {"9999-12-31T23:59:59.999Z", 253'402'300'799'999},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(parseDateTimeMs(c.text), std::optional<int64_t>(c.ms)) << c.text;
  }
}

TEST(DateTimeTest, RefusedForms) {
  const std::string refused[] = {
      "",
      "not-a-date",
      "2026-01-01",            // Date only.
      "2026-01-01T00:00Z",     // No seconds.
      "2026-13-01T00:00:00Z",  // Month 13.
      "2026-00-10T00:00:00Z",  // Month 0.
      "2026-01-00T00:00:00Z",  // Day 0.
      "2026-01-32T00:00:00Z",  // Day 32.
      "2026-02-30T00:00:00Z",  // February 30.
      "2026-04-31T00:00:00Z",  // April 31.
      "2023-02-29T00:00:00Z",  // Not a leap year.
      "2100-02-29T00:00:00Z",  // Divisible by 100, not by 400.
      "2026-01-01T25:00:00Z",  // Hour 25.
      "2026-01-01T24:00:01Z",  // Only 24:00:00 in hour 24.
      "2026-01-01T24:01:00Z",
      "2026-01-01T24:00:00.5Z",
      "2026-01-01T24:00:60Z",
      "2026-01-01T23:60:00Z",  // Minute 60.
      "2026-01-01T23:59:61Z",  // Second 61.
      "2026-01-01T00:00:00Zjunk",
      "2026-01-01T00:00:00Z ",  // Whitespace: trimming is the caller's.
      " 2026-01-01T00:00:00Z",
      "2026-01-01T00:00:00ZZ",
      "2026-01-01T00:00:00+01:00Z",
      "2026-01-01t00:00:00z",  // Lower case.
      "2026-01-01T00:00:00z",
      "2026-01-01 00:00:00Z",  // Space for T.
      "2026-1-01T00:00:00Z",   // One-digit month.
      "2026-01-1T00:00:00Z",
      "2026-01-01T0:00:00Z",
      "12026-01-01T00:00:00Z",  // Five-digit year.
      "+2026-01-01T00:00:00Z",
      "-2026-01-01T00:00:00Z",
      "1969-12-31T23:59:59Z",  // Before 1970.
      "0000-01-01T00:00:00Z",
      "1970-01-01T00:30:00+01:00",  // Year 1970, but before the epoch.
      "2026-01-01T00:00:00.",       // Fraction without digits.
      "2026-01-01T00:00:00.Z",
      "2026-01-01T00:00:00.5.5Z",
      "2026-01-01T00:00:00+14:01",  // Offset beyond 14:00.
      "2026-01-01T00:00:00+15:00",
      "2026-01-01T00:00:00-14:30",
      "2026-01-01T00:00:00+01:60",
      "2026-01-01T00:00:00+0100",  // Offset without colon.
      "2026-01-01T00:00:00+01",
      "2026-01-01T00:00:00+01:00:00",
      "2026-01-01T00:00:00+1:00",
      "2026-01-01T00:00:00 +01:00",
      "2026-01-01T00:00:0a",
      "2026-01-01T00:00:00\xC2\xA0",
      "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x96-01-01T00:00:00Z",  // Full-width digits.
      std::string("2026-01-01T00:00:00Z\0", 21),
  };
  for (const std::string& text : refused) {
    EXPECT_EQ(parseDateTimeMs(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace ews

namespace ews {
namespace {

TEST(CivilDateTest, FormatsWholeSecondsInUtcAndRoundTrips) {
  EXPECT_EQ(formatDateTimeMs(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(formatDateTimeMs(1709630100999), "2024-03-05T09:15:00Z");
  EXPECT_EQ(formatDateTimeMs(951782400000), "2000-02-29T00:00:00Z");
  EXPECT_EQ(formatDateTimeMs(-1), "1969-12-31T23:59:59Z");
  for (int64_t ms : {int64_t{0}, int64_t{1709630100000}, int64_t{4102444799000}}) {
    EXPECT_EQ(parseDateTimeMs(formatDateTimeMs(ms)), ms);
  }
}

TEST(CivilDateTest, DaysAndWeekdays) {
  EXPECT_EQ(daysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(weekdayFromDays(0), 4);  // Thursday.
  EXPECT_EQ(daysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(weekdayFromDays(-1), 3);
  for (int64_t d = -800000; d < 800000; d += 997) {
    const CivilDate c = civilFromDays(d);
    ASSERT_EQ(daysFromCivil(c.year, c.month, c.day), d);
  }
  EXPECT_EQ(weekdayFromDays(daysFromCivil(2024, 3, 31)), 0);  // A Sunday.
  EXPECT_EQ(daysInMonth(2024, 2), 29);
  EXPECT_EQ(daysInMonth(2100, 2), 28);
}

}  // namespace
}  // namespace ews
