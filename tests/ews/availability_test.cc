#include "ews/availability.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <string>
#include <vector>

#include "test_util.h"

namespace ews {
namespace {

using test::replaceAll;
using test::sharedFile;

constexpr const char* kSample = "getuseravailability_response_workinghours_msdocs.xml";

WorkingHours parseOk(const std::string& xml) {
  Result<std::optional<WorkingHours>> r = parseGetUserAvailabilityResponse(200, xml);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  EXPECT_TRUE(r.ok() && r->has_value());
  return r.ok() && r->has_value() ? **r : WorkingHours{};
}

Error parseError(const std::string& xml) {
  Result<std::optional<WorkingHours>> r = parseGetUserAvailabilityResponse(200, xml);
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error{} : r.error();
}

TEST(AvailabilityRequestTest, OneMailboxFreeBusyViewInUtc) {
  AvailabilityRequest r;
  r.mailbox = "alice@contoso.com";
  r.windowStartMs = 1709596800000;  // 2024-03-05T00:00:00Z
  r.windowEndMs = 1709683200000;
  const std::string xml = buildGetUserAvailability(r);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  const pugi::xml_node get = doc.select_node("//m:GetUserAvailabilityRequest").node();
  std::vector<std::string> children;
  for (const pugi::xml_node& c : get.children()) {
    children.push_back(c.name());
  }
  EXPECT_EQ(children, (std::vector<std::string>{"t:TimeZone", "m:MailboxDataArray",
                                                "t:FreeBusyViewOptions"}));
  EXPECT_STREQ(get.child("t:TimeZone").child("t:Bias").text().get(), "0");
  EXPECT_STREQ(doc.select_node("//t:MailboxData/t:Email/t:Address").node().text().get(),
               "alice@contoso.com");
  EXPECT_STREQ(doc.select_node("//t:RequestedView").node().text().get(), "FreeBusy");
  EXPECT_STREQ(doc.select_node("//t:TimeWindow/t:StartTime").node().text().get(),
               "2024-03-05T00:00:00Z");
  EXPECT_STREQ(doc.select_node("//t:TimeWindow/t:EndTime").node().text().get(),
               "2024-03-06T00:00:00Z");
  EXPECT_STREQ(doc.select_node("//t:SmtpAddress").node().text().get(), "alice@contoso.com");
}

TEST(AvailabilityResponseTest, MsDocsWorkingHours) {
  const WorkingHours h = parseOk(sharedFile(kSample));
  EXPECT_EQ(h.timeZone.biasMinutes, 480);
  EXPECT_EQ(h.timeZone.standard.biasMinutes, 0);
  EXPECT_EQ(h.timeZone.standard.timeOfDaySeconds, 7200);
  EXPECT_EQ(h.timeZone.standard.dayOrder, 5);
  EXPECT_EQ(h.timeZone.standard.month, 10);
  EXPECT_EQ(h.timeZone.standard.dayOfWeek, 0);
  EXPECT_EQ(h.timeZone.daylight.biasMinutes, -60);
  EXPECT_EQ(h.timeZone.daylight.dayOrder, 1);
  EXPECT_EQ(h.timeZone.daylight.month, 4);
  ASSERT_EQ(h.periods.size(), 1u);
  EXPECT_EQ(h.periods[0].days, kWeekdays);
  EXPECT_TRUE(h.periods[0].unknownDayNames.empty());
  EXPECT_EQ(h.periods[0].startMinute, 480);
  EXPECT_EQ(h.periods[0].endMinute, 1020);
}

TEST(AvailabilityResponseTest, ExchangeDayGroupsAndUnknownNames) {
  const std::string xml = sharedFile(kSample);
  const std::string list = "Monday Tuesday Wednesday Thursday Friday";
  const std::vector<std::tuple<std::string, uint8_t, std::vector<std::string>>> cases = {
      {"Weekday", kWeekdays, {}},
      {"Day", kAllDays, {}},
      {"WeekendDay", kWeekendDays, {}},
      {"Weekend", kWeekendDays, {}},
      {"Sunday  Saturday\n", kWeekendDays, {}},
      {"Monday Funday Weekday", kWeekdays, {"Funday"}},
      {"monday", 0, {"monday"}},  // Names are case-sensitive in the schema.
      {"", 0, {}},
  };
  for (const auto& [days, bits, unknown] : cases) {
    const WorkingHours h = parseOk(replaceAll(xml, list, days));
    ASSERT_FALSE(h.periods.empty()) << days;
    EXPECT_EQ(h.periods[0].days, bits) << days;
    EXPECT_EQ(h.periods[0].unknownDayNames, unknown) << days;
  }
}

TEST(AvailabilityResponseTest, NoWorkingHoursIsNoValue) {
  std::string xml = sharedFile(kSample);
  while (xml.find("<WorkingHours") != std::string::npos) {
    xml = xml.substr(0, xml.find("<WorkingHours")) +
          xml.substr(xml.find("</WorkingHours>") + std::string("</WorkingHours>").size());
  }
  Result<std::optional<WorkingHours>> r = parseGetUserAvailabilityResponse(200, xml);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_FALSE(r->has_value());
}

TEST(AvailabilityResponseTest, MailboxErrorKeepsItsCode) {
  std::string xml = replaceAll(sharedFile(kSample), "<ResponseMessage ResponseClass=\"Success\">",
                               "<ResponseMessage ResponseClass=\"Error\"><MessageText>No "
                               "recipient.</MessageText>");
  xml = replaceAll(xml, "<ResponseCode>NoError", "<ResponseCode>ErrorMailRecipientNotFound");
  const Error e = parseError(xml);
  EXPECT_EQ(e.kind, ErrorKind::kExchange);
  EXPECT_EQ(e.code, "ErrorMailRecipientNotFound");
  EXPECT_EQ(e.message, "No recipient.");
}

TEST(AvailabilityResponseTest, BadValuesAreParseErrorsNamingTheField) {
  const std::string xml = sharedFile(kSample);
  const std::vector<std::pair<std::pair<std::string, std::string>, std::string>> cases = {
      {{"<Bias>480</Bias>", "<Bias>eight</Bias>"}, "Bias"},
      {{"<Bias>480</Bias>", ""}, "Bias"},
      {{"<Time>02:00:00</Time>", "<Time>25:00:00</Time>"}, "Time"},
      {{"<Time>02:00:00</Time>", "<Time>2 am</Time>"}, "Time"},
      {{"<DayOrder>5</DayOrder>", "<DayOrder>6</DayOrder>"}, "DayOrder"},
      {{"<Month>10</Month>", "<Month>13</Month>"}, "Month"},
      {{"<DayOfWeek>Sunday</DayOfWeek>", "<DayOfWeek>Sun</DayOfWeek>"}, "DayOfWeek"},
      {{"<StartTimeInMinutes>480", "<StartTimeInMinutes>1441"}, "StartTimeInMinutes"},
      {{"<EndTimeInMinutes>1020", "<EndTimeInMinutes>-1"}, "EndTimeInMinutes"},
  };
  for (const auto& [edit, field] : cases) {
    const Error e = parseError(replaceAll(xml, edit.first, edit.second));
    EXPECT_EQ(e.kind, ErrorKind::kParse) << field;
    EXPECT_NE(e.message.find(field), std::string::npos) << field << ": " << e.message;
    EXPECT_EQ(e.httpStatus, 200) << field;
  }
  // Times without seconds are read; "+60" is a number.
  const WorkingHours h =
      parseOk(replaceAll(replaceAll(xml, "<Time>02:00:00</Time>", "<Time>03:30</Time>"),
                         "<Bias>-60</Bias>", "<Bias>+60</Bias>"));
  EXPECT_EQ(h.timeZone.standard.timeOfDaySeconds, 3 * 3600 + 1800);
  EXPECT_EQ(h.timeZone.daylight.biasMinutes, 60);
}

TEST(AvailabilityResponseTest, RequestFailures) {
  Result<std::optional<WorkingHours>> r = parseGetUserAvailabilityResponse(
      500, test::dataFile("soapfault_errorimpersonateuserdenied.xml"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ErrorImpersonateUserDenied");
  r = parseGetUserAvailabilityResponse(401, "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "HTTP 401");
  r = parseGetUserAvailabilityResponse(
      200, sharedFile("subscribe_push_response_exchange2010sp2_workmail.xml"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
  EXPECT_EQ(parseDayName("Wednesday"), 3);
  EXPECT_EQ(parseDayName("Weekday"), -1);
}

}  // namespace
}  // namespace ews
