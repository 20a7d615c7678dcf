#include "enp/decide/policy_json.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <sstream>

#include "rules_test_util.h"
#include "status_matchers.h"

namespace rules_test {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

// The message of a failed Result (checked to be kInvalid); "" when it succeeded.
template <typename T>
std::string errorOf(const enp::Result<T>& r) {
  EXPECT_FALSE(r.ok());
  if (r.ok()) {
    return "";
  }
  EXPECT_EQ(r.error().code(), enp::StatusCode::kInvalid);
  return r.error().message();
}

std::string policyError(const std::string& json) {
  return errorOf(enp::policyFromJson(*parse(json), testZones()));
}

std::string stringify(const Poco::JSON::Object::Ptr& obj) {
  std::ostringstream out;
  obj->stringify(out);
  return out.str();
}

TEST(PolicyJson, MissingFieldsTakeDefaults) {
  enp::PolicyInput registrationBody;
  registrationBody.otherFields = {"mailbox"};
  const enp::Result<rules::Policy> policy = enp::policyFromJson(
      *parse(R"({"mailbox": "a@b.c", "detailed": null})"), testZones(), registrationBody);
  ASSERT_OK(policy);
  EXPECT_EQ(stringify(enp::policyToJson(*policy)),
            R"({"timeZone":"UTC","workHours":{"days":["mon","tue","wed","thu","fri"],)"
            R"("start":"09:00","end":"17:30"},"workHoursOnly":false,"weekendAlerts":false,)"
            R"("vipAfterHours":true,"vips":[],"detailed":true})");
}

TEST(PolicyJson, ReadsAndNormalisesARegistration) {
  const rules::Policy policy =
      testsupport::valueOf(enp::policyFromJson(*parse(R"({"timeZone": " W. Europe Standard Time ",
                 "workHours": {"days": ["Sun", "thursday", "mon"], "start": "22:00",
                               "end": "06:00"},
                 "workHoursOnly": true, "weekendAlerts": true, "vipAfterHours": false,
                 "vips": ["\"Bob\" <Bob@X.com>", "  @Contoso.com ", "bob@x.com"],
                 "detailed": false})"),
                                               testZones()));
  EXPECT_EQ(policy.timeZone, "W. Europe Standard Time");
  EXPECT_EQ(policy.workHours.days, 0x13);  // Sun, Mon, Thu.
  EXPECT_EQ(policy.workHours.startMinute, 22 * 60);
  EXPECT_EQ(policy.workHours.endMinute, 6 * 60);
  EXPECT_TRUE(policy.workHoursOnly);
  EXPECT_TRUE(policy.weekendAlerts);
  EXPECT_FALSE(policy.vipAfterHours);
  EXPECT_FALSE(policy.detailed);
  EXPECT_EQ(policy.vips, (std::vector<std::string>{"bob@x.com", "@contoso.com"}));

  const enp::Result<rules::Policy> again =
      enp::policyFromJson(*enp::policyToJson(policy), testZones());
  ASSERT_OK(again);
  EXPECT_EQ(stringify(enp::policyToJson(*again)), stringify(enp::policyToJson(policy)));
}

TEST(PolicyJson, ErrorsNameTheFieldAndTheValue) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"workHours": {"start": 9}})", "workHours.start: expected HH:MM, got 9"},
      {R"({"workHours": {"start": "9:00"}})", "workHours.start: expected HH:MM, got \"9:00\""},
      {R"({"workHours": {"end": "25:00"}})", "workHours.end: expected HH:MM, got \"25:00\""},
      {R"({"workHours": {"end": null, "start": true}})",
       "workHours.start: expected HH:MM, got true"},
      {R"({"workHours": {"days": ["mon", "fry"]}})",
       "workHours.days[1]: expected mon, tue, wed, thu, fri, sat or sun, got \"fry\""},
      {R"({"workHours": {"days": "mon-fri"}})",
       "workHours.days: expected an array such as [\"mon\", \"tue\"], got \"mon-fri\""},
      {R"({"workHours": "9-5"})",
       "workHours: expected an object with days, start and end, got \"9-5\""},
      {R"({"timeZone": "Mars/Base"})",
       "timeZone: unknown time zone \"Mars/Base\" (expected an IANA name such as Europe/Berlin "
       "or a Windows name such as W. Europe Standard Time)"},
      {R"({"timeZone": ""})",
       "timeZone: unknown time zone \"\" (expected an IANA name such as Europe/Berlin or a "
       "Windows name such as W. Europe Standard Time)"},
      {R"({"timeZone": 1})", "timeZone: expected a string, got 1"},
      {R"({"workHoursOnly": "yes"})", "workHoursOnly: expected true or false, got \"yes\""},
      {R"({"weekendAlerts": 1})", "weekendAlerts: expected true or false, got 1"},
      {R"({"vipAfterHours": {}})", "vipAfterHours: expected true or false, got an object"},
      {R"({"detailed": []})", "detailed: expected true or false, got an array"},
      {R"({"vips": ["ok@x.com", "contoso.com"]})",
       "vips[1]: expected user@domain or @domain, got \"contoso.com\" (for a whole domain "
       "write @contoso.com)"},
      {R"({"vips": ["  "]})", "vips[0]: empty entry (expected user@domain or @domain)"},
      {R"({"vips": [5]})", "vips[0]: expected a string, got 5"},
      {R"({"vips": "bob@x.com"})",
       "vips: expected an array of addresses or @domain entries, got \"bob@x.com\""},
  };
  for (const auto& [json, expected] : cases) {
    EXPECT_EQ(policyError(json), expected) << json;
  }
}

TEST(PolicyJson, UnknownFieldsAreErrorsNamingThem) {
  EXPECT_EQ(policyError(R"({"vip": ["ceo@contoso.com"]})"),
            "vip: unknown field (expected timeZone, workHours, workHoursOnly, weekendAlerts, "
            "vipAfterHours, vips or detailed)");
  EXPECT_EQ(policyError(R"({"workHours": {"day": ["mon"], "start": "08:00"}})"),
            "workHours.day: unknown field (expected days, start or end)");
  // A stored policy holds the policy fields only; a registration body also its own fields.
  EXPECT_EQ(policyError(R"({"mailbox": "a@b.c"})").substr(0, 23), "mailbox: unknown field ");
  enp::PolicyInput registrationBody;
  registrationBody.otherFields = {"mailbox", "deviceToken", "platform"};
  EXPECT_OK(enp::policyFromJson(*parse(R"({"mailbox": "a@b.c", "platform": "ios"})"), testZones(),
                                registrationBody));
  EXPECT_EQ(errorOf(enp::policyFromJson(*parse(R"({"mailbox": "a@b.c", "colour": "red"})"),
                                        testZones(), registrationBody))
                .substr(0, 22),
            "colour: unknown field ");
  // The name comes from the input: escaped and cut in the message.
  const std::string name = "\\u0007" + std::string(1000, 'x');
  const std::string error = policyError("{\"" + name + "\": 1}");
  EXPECT_EQ(error.substr(0, 10), "\\x07xxxxxx");
  EXPECT_LT(error.size(), 300u) << error;
}

// {"vips": [n entries]}, each "user<i>@contoso.com".
std::string withVips(size_t n, const std::string& first = "") {
  std::string json = R"({"vips": [)";
  for (size_t i = 0; i < n; ++i) {
    json += (i == 0 ? "" : ",") + std::string("\"") +
            (i == 0 && !first.empty() ? first : "user" + std::to_string(i) + "@contoso.com") + "\"";
  }
  return json + "]}";
}

TEST(PolicyJson, InputOverTheLimitsIsRefusedNamingTheField) {
  const enp::PolicyInput input;
  auto inputError = [&](const std::string& json) {
    return errorOf(enp::policyFromJson(*parse(json), testZones(), input));
  };
  enp::Result<rules::Policy> policy =
      enp::policyFromJson(*parse(withVips(enp::kMaxVips)), testZones(), input);
  ASSERT_OK(policy);
  EXPECT_EQ(policy->vips.size(), enp::kMaxVips);
  EXPECT_EQ(inputError(withVips(enp::kMaxVips + 1)), "vips: at most 1000 entries, got 1001");
  const std::string longVip = std::string(310, 'a') + "@contoso.com";  // 322 bytes
  EXPECT_EQ(inputError(withVips(2, longVip)), "vips[0]: at most 320 bytes, got 322");
  EXPECT_EQ(inputError(R"({"timeZone": ")" + std::string(65, 'x') + R"("})"),
            "timeZone: at most 64 bytes, got 65");
  EXPECT_EQ(
      inputError(R"({"workHours": {"days": ["mon","tue","wed","thu","fri","sat","sun","mon"]}})"),
      "workHours.days: at most 7 entries, got 8");
  // A long value is cut where a message quotes it.
  EXPECT_LT(inputError(R"({"workHours": {"start": ")" + std::string(100000, '9') + R"("}})").size(),
            200u);

  EXPECT_EQ(inputError(R"({"timeZone": "UTC\u0000"})"),
            "timeZone: control character U+0000 at byte 3 not allowed");
  EXPECT_EQ(inputError(R"({"vips": ["a@b.com", "bob\u0001@x.com"]})"),
            "vips[1]: control character U+0001 at byte 3 not allowed");
  EXPECT_EQ(inputError(R"({"vips": ["\tb\u0001@x.com"]})"),
            "vips[0]: control character U+0001 at byte 2 not allowed");
  // Surrounding whitespace is trimmed, tabs and line breaks included: not refused.
  EXPECT_OK(enp::policyFromJson(*parse(R"({"vips": ["\tbob@x.com\r\n"], "timeZone": "UTC\t"})"),
                                testZones(), input));

  // A stored policy an earlier version accepted beyond the limits still loads.
  policy = enp::policyFromJson(*parse(withVips(enp::kMaxVips + 1)), testZones());
  ASSERT_OK(policy);
  EXPECT_EQ(policy->vips.size(), enp::kMaxVips + 1);
}

TEST(PolicyJson, WorkHoursOnlyWithoutAWorkDayIsRefusedNamingTheDays) {
  const enp::PolicyInput input;
  EXPECT_EQ(
      errorOf(enp::policyFromJson(*parse(R"({"workHoursOnly": true, "workHours": {"days": []}})"),
                                  testZones(), input)),
      "workHours.days: at least one work day is needed when workHoursOnly is true");
  // Either alone is fine: no work day without workHoursOnly, or workHoursOnly with a day.
  EXPECT_OK(enp::policyFromJson(*parse(R"({"workHoursOnly": false, "workHours": {"days": []}})"),
                                testZones(), input));
  EXPECT_OK(enp::policyFromJson(
      *parse(R"({"workHoursOnly": true, "workHours": {"days": ["sat"]}})"), testZones(), input));
  // A stored policy of an earlier version still loads, and `enp rules explain` explains it.
  EXPECT_OK(enp::policyFromJson(*parse(R"({"workHoursOnly": true, "workHours": {"days": []}})"),
                                testZones()));
  enp::PolicyInput explain;
  explain.workDayForWorkHoursOnly = false;
  EXPECT_OK(enp::policyFromJson(*parse(R"({"workHoursOnly": true, "workHours": {"days": []}})"),
                                testZones(), explain));
}

TEST(PolicyJson, DuplicateVipsAreDroppedKeepingTheFirst) {
  const rules::Policy policy = testsupport::valueOf(enp::policyFromJson(
      *parse(
          R"({"vips": ["b@x.com", "@y.com", "B@X.com", "a@x.com", "\"Bee\" <b@x.com>", "@Y.com"]})"),
      testZones(), enp::PolicyInput{}));
  EXPECT_EQ(policy.vips, (std::vector<std::string>{"b@x.com", "@y.com", "a@x.com"}));
}

TEST(MailJson, ReadsFieldsAndResolvesExSenders) {
  rules::MailMeta mail = testsupport::valueOf(
      enp::mailFromJson(*parse(R"({"senderAddress": "/o=Contoso/ou=First/cn=Recipients/cn=bob",
                 "senderRoutingType": "EX", "senderSmtpAddress": "Bob@contoso.com",
                 "senderName": "Bob", "subject": "Hi", "snippet": "Lunch?",
                 "received": "2026-11-21T21:15:00Z", "importance": "High",
                 "itemClass": "IPM.Note"})")));
  EXPECT_EQ(mail.senderAddress, "Bob@contoso.com");
  EXPECT_EQ(mail.senderName, "Bob");
  EXPECT_EQ(mail.subject, "Hi");
  EXPECT_EQ(mail.snippet, "Lunch?");
  EXPECT_EQ(mail.received, "2026-11-21T21:15:00Z");
  EXPECT_EQ(mail.importance, "High");
  EXPECT_EQ(mail.itemClass, "IPM.Note");

  mail = testsupport::valueOf(enp::mailFromJson(*parse("{}")));
  EXPECT_EQ(mail.senderAddress, "");
}

TEST(MailJson, ErrorsNameTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"senderAddress": 5})", "senderAddress: expected a string, got 5"},
      {R"({"from": {"address": "ceo@contoso.com"}})",
       "from: unknown field (expected senderAddress, senderRoutingType, senderSmtpAddress, "
       "senderName, subject, snippet, received, importance or itemClass)"},
      {R"({"importance": "urgent"})", "importance: expected Low, Normal or High, got \"urgent\""},
      {R"({"senderRoutingType": "X400"})", "senderRoutingType: expected SMTP or EX, got \"X400\""},
      {R"({"received": "yesterday"})",
       "received: expected an RFC 3339 instant such as 2026-11-21T21:15:00Z or "
       "2026-11-21T22:15:00+01:00, got \"yesterday\""},
  };
  for (const auto& [json, expected] : cases) {
    EXPECT_EQ(errorOf(enp::mailFromJson(*parse(json))), expected) << json;
  }
}

TEST(DecisionJson, HasTheDocumentedKeys) {
  rules::Decision d;
  d.deliver = false;
  d.rule = rules::Rule::kOutsideWorkHours;
  d.zone = "Europe/Berlin";
  d.localTime = "2026-11-21T22:15:00+01:00 Saturday";
  d.reason = "Suppressed: because";
  EXPECT_EQ(stringify(enp::decisionToJson(d)),
            R"({"deliver":false,"decision":"suppress","rule":"outside-work-hours",)"
            R"("zone":"Europe/Berlin","localTime":"2026-11-21T22:15:00+01:00 Saturday",)"
            R"("reason":"Suppressed: because"})");
}

}  // namespace
}  // namespace rules_test
