#pragma once

#include <chrono>
#include <string>

#include "rules/decision.h"
#include "rules/policy.h"
#include "rules/zones.h"

namespace rules {

/// DESIGN §5.2: pure; the instant is an argument. An unknown zone in the policy is treated as
/// UTC and said so in the reason (policies are validated at registration).
///
/// Rules, first match wins:
///   1 workHoursOnly off -> deliver (kAlertsAtAllTimes);
///   2 local time inside the work window (see WorkHours) -> deliver (kInsideWorkHours);
///   3 the local calendar day is not a work day and weekendAlerts -> deliver (kNonWorkDay);
///   4 the sender is a VIP and vipAfterHours -> deliver (kVipAfterHours);
///   5 otherwise suppress (kOutsideWorkHours).
/// Rule 2 counts a night shift on the day it started; rule 3 looks at the calendar day of the
/// local time (so with Mon-Fri 22:00-06:00, Saturday 10:00 is a non-work day and Monday 03:00,
/// before the first shift, is a work day outside hours).
Decision decide(const Policy& policy, const MailMeta& mail,
                std::chrono::system_clock::time_point at, const ZoneDb& zones);

/// True when address matches an entry of vips (case-insensitive; "@domain" entries match the
/// domain exactly, not its subdomains). The address may carry whitespace or a display name.
/// An X.500 address (an EX sender whose SMTP address was not resolved) never matches.
bool isVip(const Policy& policy, const std::string& address);

/// The VIP entry that matches address ("bob@x.com" or "@x.com"), or "" when none does.
std::string matchingVip(const Policy& policy, const std::string& address);

/// True for an Exchange X.500 / legacyExchangeDN address ("/o=Contoso/ou=.../cn=bob").
bool isX500Address(const std::string& address);

}  // namespace rules
