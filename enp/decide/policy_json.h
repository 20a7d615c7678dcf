#pragma once

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "rules/decision.h"
#include "rules/policy.h"
#include "rules/zones.h"

namespace enp {

/// Limits of a policy from outside (README, registration API): more is refused naming the field.
inline constexpr size_t kMaxVips = 1000;
inline constexpr size_t kMaxVipLength = 320;  ///< Bytes; a 64-byte local part, @, 255-byte domain.
inline constexpr size_t kMaxTimeZoneLength = 64;
inline constexpr size_t kMaxWorkDays = 7;

/// How policyFromJson() reads input from outside (registration API, registration defaults,
/// `enp rules explain`) rather than a stored policy.
struct PolicyInput {
  /// Members the object may hold besides the policy fields, not read here (a registration
  /// body's "mailbox", "deviceToken", "platform"). Any other unknown member is an error.
  std::vector<std::string> otherFields;
  /// The limits above apply, and text (timeZone, vips) must be without control characters.
  /// Off only for a stored policy, which an earlier version may have accepted beyond them and
  /// which must keep loading.
  bool limits = true;
  /// workHoursOnly needs at least one work day: without one, work hours never come and nothing
  /// but VIPs or weekend alerts is ever notified. Off for a stored policy (registered before
  /// this rule) and for `enp rules explain`, which explains any policy.
  bool workDayForWorkHoursOnly = true;
};

/// Reads the policy fields of a registration body (DESIGN §4.3), validating and normalising
/// them. A member that is neither a policy field nor in input.otherFields is an
/// error naming it ("from: unknown field (expected ...)"), also inside "workHours". The overload
/// without `input` reads a stored policy (policyToJson()'s fields only). A missing or null
/// field takes its default:
///   "timeZone"      string, IANA or Windows name          default "UTC" (kept as given, trimmed)
///   "workHours"     {"days": ["mon", ...], "start": "HH:MM", "end": "HH:MM"}
///                   days: "sun".."sat" or full names, any case; [] = no work days
///                                                          default ["mon".."fri"]
///                   start/end: 00:00..23:59 ("24:00" as end = midnight); end <= start runs past
///                   midnight, end == start is 24 hours      default "09:00" / "17:30"
///   "workHoursOnly" bool                                   default false
///   "weekendAlerts" bool                                   default false
///   "vipAfterHours" bool                                   default true
///   "vips"          [string]: addresses, "@domain", display-name forms; normalised
///                                                          default []
///   "detailed"      bool                                   default true
/// A problem is kInvalid "field.path: problem", e.g. "workHours.start: expected HH:MM, got 9",
/// or "workHours.days: at least one work day is needed when workHoursOnly is true".
Result<rules::Policy> policyFromJson(const Poco::JSON::Object& obj, const rules::ZoneDb& zones,
                                     const PolicyInput& input);
Result<rules::Policy> policyFromJson(const Poco::JSON::Object& obj, const rules::ZoneDb& zones);

/// Registration defaults (settings policy.registrationDefaults, a JSON object as text) checked
/// as registration input is (PolicyInput{}): kInvalid "<path>.<field>: problem", e.g.
/// "policy.registrationDefaults.timeZone: unknown time zone ...".
Status checkRegistrationDefaults(const std::string& json, const std::string& path,
                                 const rules::ZoneDb& zones);

/// {"days": ["mon", ...], "start": "HH:MM", "end": "HH:MM"}, days Monday first.
Poco::JSON::Object::Ptr workHoursToJson(const rules::WorkHours& workHours);

/// The policy in the same shape (days listed Monday first), readable by policyFromJson.
Poco::JSON::Object::Ptr policyToJson(const rules::Policy& policy);

/// Reads a mail's meta for `enp rules explain`. All fields are optional strings:
///   "senderAddress"     SMTP address, or for an internal sender the X.500 address EWS gave
///   "senderRoutingType" "SMTP" | "EX" | "" (as EWS's Mailbox/RoutingType)
///   "senderSmtpAddress" the SMTP address of an EX sender (PidTagSenderSmtpAddress); when set,
///                       it is the address the rules match VIPs on
///   "senderName", "subject", "snippet", "itemClass"
///   "received"          RFC 3339 instant
///   "importance"        "Low" | "Normal" | "High" | ""
/// Any other member is an error naming it. A problem is kInvalid "field: problem".
Result<rules::MailMeta> mailFromJson(const Poco::JSON::Object& obj);

/// {"deliver": bool, "decision": "deliver"|"suppress", "rule": "inside-work-hours"|...,
///  "zone": IANA name, "localTime": "2026-11-21T22:15:00+01:00 Saturday", "reason": one line}
Poco::JSON::Object::Ptr decisionToJson(const rules::Decision& decision);

}  // namespace enp
