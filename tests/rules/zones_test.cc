#include "rules/zones.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include "enp/decide/zone_loader.h"
#include "rules_test_util.h"

namespace rules_test {
namespace {

TEST(ZoneDb, MapsEveryWindowsNameOfTheCldrFile) {
  // The map is CLDR's, not a hand-written list: well over a hundred names.
  EXPECT_GT(testZones().windowsZoneCount(), 130U);
  for (const char* name :
       {"Dateline Standard Time", "Hawaiian Standard Time", "Central Standard Time (Mexico)",
        "E. South America Standard Time", "Iran Standard Time", "Myanmar Standard Time",
        "Chatham Islands Standard Time", "Lord Howe Standard Time"}) {
    EXPECT_NE(testZones().find(name), nullptr) << name;
  }
  EXPECT_EQ(testZones().find("Chatham Islands Standard Time")->name(), "Pacific/Chatham");
  EXPECT_EQ(testZones().find("Lord Howe Standard Time")->name(), "Australia/Lord_Howe");
}

TEST(ZoneDb, UnknownNamesAreNull) {
  for (const char* name : {"", "   ", "Mars/Olympus_Mons", "W. Europe Standart Time", "CET+1",
                           "../../etc/passwd", "posixrules"}) {
    EXPECT_EQ(testZones().find(name), nullptr) << name;
  }
}

TEST(ZoneDb, OldNamesResolveToCurrentOnes) {
  EXPECT_EQ(testZones().find("Asia/Katmandu")->name(), "Asia/Kathmandu");
  EXPECT_EQ(testZones().find("asia/calcutta")->name(), "Asia/Kolkata");
  EXPECT_EQ(testZones().find("Europe/Berlin")->name(), "Europe/Berlin");
}

TEST(ZoneDb, WithoutLinkTableOldNamesStayAsGiven) {
  const std::string xml =
      "<supplementalData><windowsZones><mapTimezones>"
      "<mapZone other=\"India Standard Time\" territory=\"001\" type=\"Asia/Calcutta\"/>"
      "<mapZone other=\"India Standard Time\" territory=\"IN\" type=\"Asia/Calcutta\"/>"
      "</mapTimezones></windowsZones></supplementalData>";
  std::string error;
  const auto zones = rules::ZoneDb::fromWindowsZonesXml(xml, &error);
  ASSERT_NE(zones, nullptr) << error;
  EXPECT_EQ(zones->windowsZoneCount(), 1U);
  EXPECT_EQ(zones->find("India Standard Time")->name(), "Asia/Calcutta");
}

TEST(ZoneDb, RejectsOtherDocuments) {
  std::string error;
  EXPECT_EQ(rules::ZoneDb::fromWindowsZonesXml("<html><body/></html>", &error), nullptr);
  EXPECT_NE(error.find("not a CLDR windowsZones.xml"), std::string::npos) << error;
  EXPECT_EQ(rules::ZoneDb::fromWindowsZonesXml("<supplementalData>", &error), nullptr);
  EXPECT_NE(error.find("XML error"), std::string::npos) << error;
}

TEST(ZoneLoader, NamesTheMissingFile) {
  const auto zones = enp::loadZoneDb("/nonexistent/windowsZones.xml");
  ASSERT_FALSE(zones.ok());
  EXPECT_EQ(zones.error().code(), enp::StatusCode::kInvalid);
  EXPECT_NE(zones.error().message().find("/nonexistent/windowsZones.xml"), std::string::npos)
      << zones.error().message();
}

}  // namespace
}  // namespace rules_test
