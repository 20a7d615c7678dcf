// EWS time-zone descriptions (SerializableTimeZone): the yearly change rule and the offset at an
// instant, north and south of the equator and without daylight time.
#include "ews/time_zone.h"

#include <gtest/gtest.h>

#include "ews/date_time.h"

namespace ews {
namespace {

int64_t at(const char* xsDateTime) {
  const std::optional<int64_t> ms = parseDateTimeMs(xsDateTime);
  EXPECT_TRUE(ms) << xsDateTime;
  return ms.value_or(0);
}

// The MS docs WorkingHours zone: Pacific time with the US rule before 2007.
TimeZoneDescription pacific2006() {
  TimeZoneDescription z;
  z.biasMinutes = 480;
  z.standard = {0, 7200, 5, 10, 0};   // Last Sunday of October, 02:00.
  z.daylight = {-60, 7200, 1, 4, 0};  // First Sunday of April, 02:00.
  return z;
}

// Windows' "AUS Eastern Standard Time" (Sydney).
TimeZoneDescription sydney() {
  TimeZoneDescription z;
  z.biasMinutes = -600;
  z.standard = {0, 3 * 3600, 1, 4, 0};     // First Sunday of April, 03:00 daylight time.
  z.daylight = {-60, 2 * 3600, 1, 10, 0};  // First Sunday of October, 02:00 standard time.
  return z;
}

TEST(TimeZoneTest, NthWeekdayOfMonth) {
  const auto date = [](int64_t day) {
    const CivilDate d = civilFromDays(day);
    return d.year * 10000 + d.month * 100 + d.day;
  };
  EXPECT_EQ(date(nthWeekdayOfMonth(2006, 4, 0, 1)), 20060402);
  EXPECT_EQ(date(nthWeekdayOfMonth(2006, 10, 0, 5)), 20061029);
  EXPECT_EQ(date(nthWeekdayOfMonth(2024, 3, 0, 5)), 20240331);  // Last Sunday, a 31st.
  EXPECT_EQ(date(nthWeekdayOfMonth(2024, 3, 0, 2)), 20240310);  // US rule since 2007.
  // February 2023 has four Sundays: the "fifth" is the last, the fourth.
  EXPECT_EQ(date(nthWeekdayOfMonth(2023, 2, 0, 5)), 20230226);
  EXPECT_EQ(date(nthWeekdayOfMonth(2023, 2, 0, 4)), 20230226);
  EXPECT_EQ(date(nthWeekdayOfMonth(2024, 2, 4, 5)), 20240229);  // Last Thursday, leap day.
  EXPECT_EQ(date(nthWeekdayOfMonth(2024, 6, 6, 1)), 20240601);  // First Saturday is the 1st.
}

TEST(TimeZoneTest, NorthernHemisphereChangesAtLocalTime) {
  const TimeZoneDescription z = pacific2006();
  EXPECT_TRUE(z.observesDaylightTime());
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2006-01-15T12:00:00Z")), -480);
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2006-07-01T12:00:00Z")), -420);
  // Starts 2006-04-02 02:00 PST = 10:00 UTC.
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2006-04-02T09:59:59Z")), -480);
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2006-04-02T10:00:00Z")), -420);
  // Ends 2006-10-29 02:00 PDT = 09:00 UTC.
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2006-10-29T08:59:59Z")), -420);
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2006-10-29T09:00:00Z")), -480);
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2006-12-31T23:00:00Z")), -480);
}

TEST(TimeZoneTest, SouthernHemisphereHasDaylightTimeAcrossTheNewYear) {
  const TimeZoneDescription z = sydney();
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2024-01-15T00:00:00Z")), 660);
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2024-07-15T00:00:00Z")), 600);
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2023-12-31T13:30:00Z")), 660);  // 00:30 on 1 January.
  // Ends 2024-04-07 03:00 AEDT = 2024-04-06 16:00 UTC.
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2024-04-06T15:59:59Z")), 660);
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2024-04-06T16:00:00Z")), 600);
  // Starts 2024-10-06 02:00 AEST = 2024-10-05 16:00 UTC.
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2024-10-05T15:59:59Z")), 600);
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2024-10-05T16:00:00Z")), 660);
}

TEST(TimeZoneTest, NoDaylightTime) {
  TimeZoneDescription india;
  india.biasMinutes = -330;
  EXPECT_FALSE(india.observesDaylightTime());
  EXPECT_EQ(india.utcOffsetMinutesAt(at("2024-01-15T00:00:00Z")), 330);
  EXPECT_EQ(india.utcOffsetMinutesAt(at("2024-07-15T00:00:00Z")), 330);
  // Changes that name no month or day order, or do not change the bias, are no daylight time.
  TimeZoneDescription z = pacific2006();
  z.daylight.dayOrder = 0;
  EXPECT_FALSE(z.observesDaylightTime());
  EXPECT_EQ(z.utcOffsetMinutesAt(at("2006-07-01T12:00:00Z")), -480);
  z = pacific2006();
  z.standard.month = 0;
  EXPECT_FALSE(z.observesDaylightTime());
  z = pacific2006();
  z.daylight.biasMinutes = 0;
  EXPECT_FALSE(z.observesDaylightTime());
  // A standard bias shifts the base offset too.
  TimeZoneDescription shifted;
  shifted.biasMinutes = 0;
  shifted.standard.biasMinutes = -60;
  EXPECT_EQ(shifted.utcOffsetMinutesAt(0), 60);
}

}  // namespace
}  // namespace ews
