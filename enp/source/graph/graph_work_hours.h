#pragma once

#include <string>

#include "enp/source/hours/mailbox_work_hours.h"
#include "rules/zones.h"

namespace enp {

/// Graph's workingHours resource (GET /v1.0/users/{mailbox}/mailboxSettings/workingHours:
/// {"daysOfWeek": ["monday", ...], "startTime": "08:00:00.0000000", "endTime":
/// "17:00:00.0000000", "timeZone": {"name": "Pacific Standard Time"}}) in the rules' terms.
/// The zone name is a Windows or an IANA name, resolved with the zone database (the Windows
/// map EWS uses too); an unknown one (a custom time zone) leaves timeZone "" with a note. An end
/// at midnight ("00:00:00", or "23:59:59" and later) is endMinute 0; seconds are dropped. No day
/// named: none set (nullopt). kInvalid when the text is not that resource.
MailboxHoursRead parseGraphWorkingHours(const std::string& json, const rules::ZoneDb& zones);

}  // namespace enp
