#include "rules/local_time.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include "rules/engine.h"
#include "rules_test_util.h"

namespace rules_test {
namespace {

std::chrono::system_clock::time_point instant(const std::string& text) {
  std::chrono::system_clock::time_point at;
  std::string error;
  EXPECT_TRUE(rules::parseInstant(text, &at, &error)) << error;
  return at;
}

std::string localTimeOf(const char* zone, const std::string& at) {
  return rules::formatLocalTime(rules::toLocalTime(testZones().find(zone), instant(at)));
}

TEST(LocalTime, DecisionFormatIsRfc3339WithOffsetAndWeekday) {
  EXPECT_EQ(localTimeOf("Europe/Berlin", "2026-11-21T21:15:00Z"),
            "2026-11-21T22:15:00+01:00 Saturday");
  EXPECT_EQ(localTimeOf("Asia/Kathmandu", "2026-05-04T03:15:00Z"),
            "2026-05-04T09:00:00+05:45 Monday");
  EXPECT_EQ(localTimeOf("America/New_York", "2026-11-01T06:30:00Z"),
            "2026-11-01T01:30:00-05:00 Sunday");
  EXPECT_EQ(localTimeOf("Pacific/Chatham", "2026-01-11T19:15:00Z"),
            "2026-01-12T09:00:00+13:45 Monday");
  EXPECT_EQ(rules::formatLocalTime(rules::toLocalTime(nullptr, instant("2026-11-17T09:00:00Z"))),
            "2026-11-17T09:00:00+00:00 Tuesday");
}

TEST(LocalTime, ParsesRfc3339Variants) {
  EXPECT_EQ(instant("2026-11-21T22:15:00+01:00"), instant("2026-11-21T21:15:00Z"));
  EXPECT_EQ(instant("2026-11-21t21:15:00z"), instant("2026-11-21T21:15:00Z"));
  EXPECT_EQ(instant("2026-11-21 21:15:00Z"), instant("2026-11-21T21:15:00Z"));
  EXPECT_EQ(instant("2026-11-21T15:30:00-05:45"), instant("2026-11-21T21:15:00Z"));
  EXPECT_EQ(instant("2026-11-21T21:15:00.5Z") - instant("2026-11-21T21:15:00Z"),
            std::chrono::milliseconds(500));
  EXPECT_EQ(instant("2028-02-29T00:00:00Z") - instant("2028-02-28T00:00:00Z"),
            std::chrono::hours(24));
}

TEST(LocalTime, RejectsWhatIsNotRfc3339) {
  for (const char* text :
       {"", "2026-11-21", "2026-11-21T21:15Z", "2026-11-21T21:15:00", "2026-11-21T25:00:00Z",
        "2026-02-29T10:00:00Z", "2026-11-21T21:15:00+0100", "2026-11-21T21:15:00.Z",
        "21/11/2026 21:15", "2026-11-21T21:15:00Z trailing"}) {
    std::chrono::system_clock::time_point at;
    std::string error;
    EXPECT_FALSE(rules::parseInstant(text, &at, &error)) << text;
    EXPECT_NE(error.find("expected an RFC 3339 instant"), std::string::npos) << error;
  }
}

TEST(Engine, RuleNames) {
  EXPECT_STREQ(rules::toString(rules::Rule::kAlertsAtAllTimes), "alerts-at-all-times");
  EXPECT_STREQ(rules::toString(rules::Rule::kInsideWorkHours), "inside-work-hours");
  EXPECT_STREQ(rules::toString(rules::Rule::kNonWorkDay), "non-work-day");
  EXPECT_STREQ(rules::toString(rules::Rule::kVipAfterHours), "vip-after-hours");
  EXPECT_STREQ(rules::toString(rules::Rule::kOutsideWorkHours), "outside-work-hours");
}

TEST(Engine, IssueExampleReasonWordForWord) {
  rules::Policy policy;
  policy.timeZone = "Europe/Berlin";
  policy.workHoursOnly = true;
  rules::MailMeta mail;
  mail.senderAddress = "bob@contoso.com";
  const rules::Decision d =
      rules::decide(policy, mail, instant("2026-11-21T21:15:00Z"), testZones());
  EXPECT_FALSE(d.deliver);
  EXPECT_EQ(d.zone, "Europe/Berlin");
  EXPECT_EQ(d.localTime, "2026-11-21T22:15:00+01:00 Saturday");
  EXPECT_EQ(d.reason,
            "Suppressed: 22:15 Saturday in Europe/Berlin is outside work hours (Mon–Fri "
            "09:00–17:30), weekend alerts are off and bob@contoso.com is not a VIP");
}

TEST(WorkHours, ClockTimes) {
  int minute = -1;
  EXPECT_TRUE(rules::parseClockTime("00:00", &minute));
  EXPECT_EQ(minute, 0);
  EXPECT_TRUE(rules::parseClockTime("23:59", &minute));
  EXPECT_EQ(minute, 1439);
  EXPECT_TRUE(rules::parseClockTime("24:00", &minute));
  EXPECT_EQ(minute, 0);
  for (const char* bad : {"9", "9:00", "09:0", "24:01", "12:60", "0900", " 09:00", "ab:cd"}) {
    EXPECT_FALSE(rules::parseClockTime(bad, &minute)) << bad;
  }
  EXPECT_EQ(rules::formatClockTime(545), "09:05");
  EXPECT_EQ(rules::formatClockTime(0), "00:00");
}

}  // namespace
}  // namespace rules_test
