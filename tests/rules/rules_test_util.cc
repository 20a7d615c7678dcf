#include "rules_test_util.h"

#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "enp/decide/zone_loader.h"

namespace rules_test {
namespace {

std::vector<std::string> splitDays(const std::string& days) {
  std::vector<std::string> out;
  std::stringstream in(days);
  std::string day;
  while (std::getline(in, day, ',')) {
    out.push_back(day);
  }
  return out;
}

}  // namespace

const rules::ZoneDb& testZones() {
  static const std::unique_ptr<rules::ZoneDb> zones = [] {
    auto db = enp::loadZoneDb(enp::kDefaultWindowsZonesPath);
    if (!db.ok()) {
      // The reference copy, for machines without unicode-cldr-core.
      db = enp::loadZoneDb(std::string(ENP_TEST_DATA_DIR) + "/ews/tz/windowsZones.xml");
    }
    if (!db.ok()) {
      ADD_FAILURE() << db.error().toString();
      std::abort();
    }
    return std::move(*db);
  }();
  return *zones;
}

rules::Policy policyOf(const EngineCase& c) {
  rules::Policy p;
  p.timeZone = c.zone;
  p.workHours.days = 0;
  for (const std::string& day : splitDays(c.days)) {
    int weekday = 0;
    EXPECT_TRUE(rules::parseWeekday(day, &weekday)) << day;
    p.workHours.days = static_cast<uint8_t>(p.workHours.days | (1U << weekday));
  }
  EXPECT_TRUE(rules::parseClockTime(c.start, &p.workHours.startMinute)) << c.start;
  EXPECT_TRUE(rules::parseClockTime(c.end, &p.workHours.endMinute)) << c.end;
  p.workHoursOnly = c.workHoursOnly;
  p.weekendAlerts = c.weekendAlerts;
  p.vipAfterHours = c.vipAfterHours;
  for (const std::string& vip : c.vips) {
    std::string error;
    p.vips.push_back(rules::normalizeVip(vip, &error));
    EXPECT_EQ(error, "") << vip;
  }
  return p;
}

rules::MailMeta mailOf(const EngineCase& c) {
  rules::MailMeta m;
  m.senderAddress = *c.senderSmtp != '\0' ? c.senderSmtp : c.sender;
  m.subject = "Quarterly numbers";
  m.received = c.at;
  return m;
}

Poco::JSON::Object::Ptr policyJsonOf(const EngineCase& c) {
  Poco::JSON::Object::Ptr obj = new Poco::JSON::Object();
  obj->set("timeZone", std::string(c.zone));
  Poco::JSON::Object::Ptr hours = new Poco::JSON::Object();
  Poco::JSON::Array::Ptr days = new Poco::JSON::Array();
  for (const std::string& day : splitDays(c.days)) {
    days->add(day);
  }
  hours->set("days", days);
  hours->set("start", std::string(c.start));
  hours->set("end", std::string(c.end));
  obj->set("workHours", hours);
  obj->set("workHoursOnly", c.workHoursOnly);
  obj->set("weekendAlerts", c.weekendAlerts);
  obj->set("vipAfterHours", c.vipAfterHours);
  Poco::JSON::Array::Ptr vips = new Poco::JSON::Array();
  for (const std::string& vip : c.vips) {
    vips->add(vip);
  }
  obj->set("vips", vips);
  return obj;
}

Poco::JSON::Object::Ptr mailJsonOf(const EngineCase& c) {
  Poco::JSON::Object::Ptr obj = new Poco::JSON::Object();
  obj->set("senderAddress", std::string(c.sender));
  if (*c.senderSmtp != '\0') {
    obj->set("senderRoutingType", std::string("EX"));
    obj->set("senderSmtpAddress", std::string(c.senderSmtp));
  }
  obj->set("subject", std::string("Quarterly numbers"));
  obj->set("received", std::string(c.at));
  return obj;
}

std::string describeLocal(const rules::LocalTime& t) {
  char clock[16];
  if (t.second != 0) {
    std::snprintf(clock, sizeof(clock), "%02d:%02d:%02d", t.hour, t.minute, t.second);
  } else {
    std::snprintf(clock, sizeof(clock), "%02d:%02d", t.hour, t.minute);
  }
  const int offset = t.offsetMinutes < 0 ? -t.offsetMinutes : t.offsetMinutes;
  char text[96];
  std::snprintf(text, sizeof(text), "%s %04d-%02d-%02d %s %s (UTC%c%d",
                rules::weekdayShortName(t.weekday), t.year, t.month, t.day, clock, t.abbrev.c_str(),
                t.offsetMinutes < 0 ? '-' : '+', offset / 60);
  std::string out = text;
  if (offset % 60 != 0) {
    out += ":" + std::to_string(offset % 60);
  }
  return out + ")";
}

}  // namespace rules_test
