// Exchange's working hours (GetUserAvailability) converted to a registration's policy: the zone
// that follows Exchange's nameless rules, and one work window.
#include "enp/source/ews/exchange_work_hours.h"

#include <gtest/gtest.h>

#include <memory>

#include "enp/decide/zone_loader.h"
#include "ews/date_time.h"

namespace enp {
namespace {

using std::chrono::system_clock;

const rules::ZoneDb& zones() {
  static const std::unique_ptr<rules::ZoneDb> db = [] {
    auto loaded = loadZoneDb(std::string(ENP_TEST_DATA_DIR) + "/ews/tz/windowsZones.xml");
    EXPECT_TRUE(loaded.ok()) << loaded.error().message();
    return loaded.ok() ? std::move(*loaded) : nullptr;
  }();
  return *db;
}

system_clock::time_point at(const char* xsDateTime) {
  return system_clock::time_point(std::chrono::milliseconds(*ews::parseDateTimeMs(xsDateTime)));
}

ews::TimeZoneDescription describe(int bias, ews::TimeChange standard, ews::TimeChange daylight) {
  ews::TimeZoneDescription d;
  d.biasMinutes = bias;
  d.standard = standard;
  d.daylight = daylight;
  return d;
}

// Pacific time as the MS docs sample has it (US rule before 2007), and as it is since 2007.
const ews::TimeZoneDescription kPacific2006 =
    describe(480, {0, 7200, 5, 10, 0}, {-60, 7200, 1, 4, 0});
const ews::TimeZoneDescription kPacific = describe(480, {0, 7200, 1, 11, 0}, {-60, 7200, 2, 3, 0});
const ews::TimeZoneDescription kSydney = describe(-600, {0, 10800, 1, 4, 0}, {-60, 7200, 1, 10, 0});
const ews::TimeZoneDescription kCentralEurope =
    describe(-60, {0, 10800, 5, 10, 0}, {-60, 7200, 5, 3, 0});
const ews::TimeZoneDescription kIndia = describe(-330, {}, {});

TEST(MatchZoneTest, FindsTheZoneThatFollowsTheRulesOfThatYear) {
  EXPECT_EQ(matchZone(kPacific2006, zones(), at("2006-10-16T12:00:00Z")), "America/Los_Angeles");
  EXPECT_EQ(matchZone(kPacific, zones(), at("2024-07-01T00:00:00Z")), "America/Los_Angeles");
  // Nothing follows the old US rule any more.
  EXPECT_EQ(matchZone(kPacific2006, zones(), at("2024-07-01T00:00:00Z")), "");
}

TEST(MatchZoneTest, SouthernHemisphereAndNoDaylightTime) {
  EXPECT_EQ(matchZone(kSydney, zones(), at("2024-03-01T00:00:00Z")), "Australia/Sydney");
  const std::string india = matchZone(kIndia, zones(), at("2024-03-01T00:00:00Z"));
  EXPECT_TRUE(india == "Asia/Kolkata" || india == "Asia/Calcutta") << india;
  EXPECT_EQ(matchZone(describe(0, {}, {}), zones(), at("2024-03-01T00:00:00Z")).empty(), false);
  // A bias no zone has.
  EXPECT_EQ(matchZone(describe(7, {}, {}), zones(), at("2024-03-01T00:00:00Z")), "");
}

TEST(MatchZoneTest, ThePreferredZoneWinsWhenItAgrees) {
  const auto when = at("2024-05-01T00:00:00Z");
  const std::string plain = matchZone(kCentralEurope, zones(), when);
  EXPECT_FALSE(plain.empty());
  EXPECT_EQ(plain.rfind("Europe/", 0), 0u) << plain;
  EXPECT_EQ(matchZone(kCentralEurope, zones(), when, "Europe/Paris"), "Europe/Paris");
  EXPECT_EQ(matchZone(kCentralEurope, zones(), when, "Romance Standard Time"), "Europe/Paris");
  EXPECT_EQ(matchZone(kCentralEurope, zones(), when, "America/New_York"), plain);
  EXPECT_EQ(matchZone(kCentralEurope, zones(), when, "Not/AZone"), plain);
}

TEST(MatchZoneTest, ADifferentChangeDayDoesNotMatch) {
  // Europe's rule, but daylight time starting a week early: no European zone agrees.
  const ews::TimeZoneDescription early = describe(-60, {0, 10800, 5, 10, 0}, {-60, 7200, 4, 3, 0});
  const std::string zone = matchZone(early, zones(), at("2024-05-01T00:00:00Z"));
  EXPECT_EQ(zone.rfind("Europe/", 0), std::string::npos) << zone;
}

ews::WorkingPeriod period(uint8_t days, int start, int end) {
  ews::WorkingPeriod p;
  p.days = days;
  p.startMinute = start;
  p.endMinute = end;
  return p;
}

TEST(ExchangeWorkHoursTest, TheMsDocsSample) {
  ews::WorkingHours hours;
  hours.timeZone = kPacific2006;
  hours.periods = {period(ews::kWeekdays, 480, 1020)};
  Result<ExchangeWorkHours> r = toExchangeWorkHours(hours, zones(), at("2006-10-16T12:00:00Z"));
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(r->timeZone, "America/Los_Angeles");
  EXPECT_EQ(r->workHours.days, 0x3E);
  EXPECT_EQ(r->workHours.startMinute, 480);
  EXPECT_EQ(r->workHours.endMinute, 1020);
  EXPECT_TRUE(r->notes.empty());
}

TEST(ExchangeWorkHoursTest, PeriodsAreMergedIntoOneWindowAndSaidSo) {
  ews::WorkingHours hours;
  hours.timeZone = kSydney;
  hours.periods = {period(0x1E, 540, 1020), period(0x20, 480, 960)};  // Mon-Thu 9-17, Fri 8-16.
  hours.periods[1].unknownDayNames = {"Funday"};
  Result<ExchangeWorkHours> r = toExchangeWorkHours(hours, zones(), at("2024-03-01T00:00:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->timeZone, "Australia/Sydney");
  EXPECT_EQ(r->workHours.days, 0x3E);
  EXPECT_EQ(r->workHours.startMinute, 480);
  EXPECT_EQ(r->workHours.endMinute, 1020);
  ASSERT_EQ(r->notes.size(), 2u);
  EXPECT_NE(r->notes[0].find("Funday"), std::string::npos);
  EXPECT_NE(r->notes[1].find("Mon,Tue,Wed,Thu,Fri 08:00-17:00"), std::string::npos) << r->notes[1];
}

TEST(ExchangeWorkHoursTest, MidnightAndWholeDays) {
  ews::WorkingHours hours;
  hours.timeZone = kIndia;
  hours.periods = {period(ews::kAllDays, 0, 1440)};
  Result<ExchangeWorkHours> r = toExchangeWorkHours(hours, zones(), at("2024-03-01T00:00:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->workHours.startMinute, 0);
  EXPECT_EQ(r->workHours.endMinute, 0);  // start == end: 24 hours in rules::WorkHours.
  hours.periods = {period(ews::kWeekendDays, 1200, 1440)};
  r = toExchangeWorkHours(hours, zones(), at("2024-03-01T00:00:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->workHours.days, 0x41);
  EXPECT_EQ(r->workHours.startMinute, 1200);
  EXPECT_EQ(r->workHours.endMinute, 0);  // Until midnight.
}

TEST(ExchangeWorkHoursTest, NoKnownDayIsInvalidAndNoZoneIsNoted) {
  ews::WorkingHours hours;
  hours.timeZone = kPacific2006;
  Result<ExchangeWorkHours> r = toExchangeWorkHours(hours, zones(), at("2024-03-01T00:00:00Z"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), StatusCode::kInvalid);
  hours.periods = {period(0, 480, 1020)};
  EXPECT_FALSE(toExchangeWorkHours(hours, zones(), at("2024-03-01T00:00:00Z")).ok());
  hours.periods.push_back(period(ews::kWeekdays, 480, 1020));
  r = toExchangeWorkHours(hours, zones(), at("2024-03-01T00:00:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->timeZone, "");
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_NE(r->notes[0].find("no time zone"), std::string::npos);
}

}  // namespace
}  // namespace enp
