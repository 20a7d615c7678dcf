// Graph's mailboxSettings/workingHours in the rules' terms: Windows and IANA zone names, the
// days, an end at midnight, a custom zone, none set, and answers that are not the resource.
#include "enp/source/graph/graph_work_hours.h"

#include <gtest/gtest.h>

#include "enp/decide/zone_loader.h"
#include "status_matchers.h"

namespace enp {
namespace {

using testsupport::valueOf;

const rules::ZoneDb& zones() {
  static const std::unique_ptr<rules::ZoneDb> db = [] {
    auto loaded = loadZoneDb(std::string(ENP_TEST_DATA_DIR) + "/ews/tz/windowsZones.xml");
    EXPECT_TRUE(loaded.ok()) << loaded.error().message();
    return loaded.ok() ? std::move(*loaded) : nullptr;
  }();
  return *db;
}

// As Graph answers (Microsoft's documented example shape).
std::string resource(const std::string& days, const std::string& start, const std::string& end,
                     const std::string& zone) {
  return R"({"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('alice%40contoso.com')/mailboxSettings/workingHours",)"
         R"("daysOfWeek":[)" +
         days + R"(],"startTime":")" + start + R"(","endTime":")" + end +
         R"(","timeZone":{"name":")" + zone + R"("}})";
}

TEST(GraphWorkHoursTest, AWindowsZoneNameAndWeekdaysBecomeTheRulesTerms) {
  const auto read = valueOf(parseGraphWorkingHours(
      resource(R"("monday","tuesday","wednesday","thursday","friday")", "08:00:00.0000000",
               "17:00:00.0000000", "Pacific Standard Time"),
      zones()));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->timeZone, "America/Los_Angeles");
  EXPECT_EQ(read->workHours.days, 0b0111110);  // bit 0 = Sunday
  EXPECT_EQ(read->workHours.startMinute, 8 * 60);
  EXPECT_EQ(read->workHours.endMinute, 17 * 60);
  EXPECT_TRUE(read->notes.empty());
}

TEST(GraphWorkHoursTest, AnIanaNameAndAnEndAtMidnightAreTakenAsTheyAre) {
  const auto read = valueOf(parseGraphWorkingHours(
      resource(R"("Saturday","sunday")", "09:30:00.0000000", "23:59:59.0000000", "Europe/Berlin"),
      zones()));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->timeZone, "Europe/Berlin");
  EXPECT_EQ(read->workHours.days, 0b1000001);
  EXPECT_EQ(read->workHours.startMinute, 9 * 60 + 30);
  EXPECT_EQ(read->workHours.endMinute, 0);
}

TEST(GraphWorkHoursTest, ACustomZoneLeavesTheZoneToTheRegistrationWithANote) {
  const auto read =
      valueOf(parseGraphWorkingHours(resource(R"("monday","funday")", "08:00:00.0000000",
                                              "16:00:00.0000000", "Customized Time Zone"),
                                     zones()));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->timeZone, "");
  EXPECT_EQ(read->workHours.days, 0b0000010);
  ASSERT_EQ(read->notes.size(), 2u);
  EXPECT_NE(read->notes[0].find("funday"), std::string::npos);
  EXPECT_NE(read->notes[1].find("Customized Time Zone"), std::string::npos);
}

TEST(GraphWorkHoursTest, NoDayIsNoneSet) {
  EXPECT_FALSE(valueOf(parseGraphWorkingHours(
                           resource("", "08:00:00.0000000", "17:00:00.0000000", "UTC"), zones()))
                   .has_value());
}

TEST(GraphWorkHoursTest, WhatIsNotTheResourceIsInvalid) {
  EXPECT_EQ(parseGraphWorkingHours("<html>", zones()).error().code(), StatusCode::kInvalid);
  EXPECT_EQ(parseGraphWorkingHours(R"({"daysOfWeek":["monday"]})", zones()).error().code(),
            StatusCode::kInvalid);
  EXPECT_EQ(parseGraphWorkingHours(R"({"daysOfWeek":"monday"})", zones()).error().code(),
            StatusCode::kInvalid);
}

}  // namespace
}  // namespace enp
