#pragma once

#include <Poco/JSON/Object.h>

#include <ostream>
#include <string>
#include <vector>

#include "rules/decision.h"
#include "rules/local_time.h"
#include "rules/policy.h"
#include "rules/zones.h"

namespace rules_test {

/// One row of the engine table. Policy fields are written as an admin would send them (the
/// registration JSON's strings), so the table also exercises parsing and normalisation.
struct EngineCase {
  const char* name;   ///< gtest name.
  const char* local;  ///< The local time, by hand: "Sat 2026-11-21 22:15 CET (UTC+1)".
  const char* at;     ///< The instant (UTC) given to the engine.
  const char* zone = "Europe/Berlin";
  const char* days = "mon,tue,wed,thu,fri";  ///< Comma-separated registration keys; "" = none.
  const char* start = "09:00";
  const char* end = "17:30";
  bool workHoursOnly = true;
  bool weekendAlerts = false;
  bool vipAfterHours = true;
  std::vector<std::string> vips = {};
  const char* sender = "bob@contoso.com";  ///< From/EmailAddress (X.500 for an EX sender).
  const char* senderSmtp = "";             ///< PidTagSenderSmtpAddress, for EX senders.
  bool deliver = false;
  rules::Rule rule = rules::Rule::kOutsideWorkHours;
  const char* reason = "";    ///< Expected in the reason ("" = not checked).
  const char* zoneUsed = "";  ///< Expected Decision::zone; "" = the zone as written.
  /// false: rules::validatePolicy refuses the policy, and so do registration and `enp rules
  /// explain`. (Registration also refuses workHoursOnly without a work day, which explain takes.)
  bool registrable = true;
};

/// gtest prints a row by its name and local time.
inline void PrintTo(const EngineCase& c, std::ostream* os) {
  *os << c.name << " (" << c.local << ")";
}

/// The table (engine_cases_*.cc): at least 60 rows.
const std::vector<EngineCase>& engineCases();

/// The zone database from the installed CLDR file (loaded once).
const rules::ZoneDb& testZones();

/// The case's policy built with the rules' registration helpers (parseWeekday, parseClockTime,
/// normalizeVip). Fails the current test on a value they refuse.
rules::Policy policyOf(const EngineCase& c);
/// The mail the fetcher would hand over: the SMTP address when EWS gave one.
rules::MailMeta mailOf(const EngineCase& c);
/// The case as the registration JSON / mail JSON read by `enp rules explain`.
Poco::JSON::Object::Ptr policyJsonOf(const EngineCase& c);
Poco::JSON::Object::Ptr mailJsonOf(const EngineCase& c);

/// "Sat 2026-11-21 22:15 CET (UTC+1)"; seconds shown when not zero ("17:29:59").
std::string describeLocal(const rules::LocalTime& t);

}  // namespace rules_test
