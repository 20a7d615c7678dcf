#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "enp/common/clock.h"
#include "enp/common/status.h"
#include "enp/config/settings.h"
#include "enp/source/hours/mailbox_hours_keeper.h"
#include "ews/availability.h"
#include "rules/policy.h"
#include "rules/zones.h"

namespace enp {

/// A mailbox's Exchange working hours (GetUserAvailability) in the terms of a registration's
/// policy: timeZone is the tzdata zone whose UTC offsets agree with Exchange's description over
/// the year of the instant given (matchZone()), "" when none does (notes say so); notes also
/// name unknown day names and periods with different hours.
using ExchangeWorkHours = MailboxWorkHours;

/// What GetUserAvailability gave: the hours, none set, or why not.
using WorkingHoursRead = Result<std::optional<ews::WorkingHours>>;

/// Converts Exchange's working hours. Policy work hours are one window on a set of days, so
/// periods with different hours become the union of their days with the earliest start and the
/// latest end (noted). An end of 1440 minutes is midnight (endMinute 0); start 0 and end 1440
/// is the whole day. kInvalid when no period names a known day.
Result<ExchangeWorkHours> toExchangeWorkHours(const ews::WorkingHours& hours,
                                              const rules::ZoneDb& zones,
                                              std::chrono::system_clock::time_point at,
                                              const std::string& preferredZone = "");

/// Exchange names no zone in WorkingHours, only its rules: finds the zone that follows them.
/// Candidates are preferredZone (e.g. the zone the registration has now) and then the zones of
/// CLDR's Windows map in the order of their Windows names; the first whose offset equals the
/// description's at the middle of every month and one minute before and after each of the
/// description's changes in the calendar year of `at` wins. Zones that share today's rules
/// (Europe/Berlin and Europe/Paris) are interchangeable for the rules engine. Returns the
/// zone's tzdata name, or "" when no candidate agrees.
std::string matchZone(const ews::TimeZoneDescription& description, const rules::ZoneDb& zones,
                      std::chrono::system_clock::time_point at,
                      const std::string& preferredZone = "");

/// An EWS read converted for the mailbox-hours keeper: the hours with toExchangeWorkHours()
/// (kNone with the reason as a note when no period names a known day), or the failure.
MailboxHoursRead convertWorkingHours(const WorkingHoursRead& read, const rules::ZoneDb& zones,
                                     std::chrono::system_clock::time_point at,
                                     const std::string& preferredZone);

/// The record after an EWS read (afterRead() of the converted read).
MailboxHours afterRead(const std::string& mailbox, const std::optional<MailboxHours>& previous,
                       const WorkingHoursRead& read, const rules::ZoneDb& zones, int64_t nowMs,
                       std::chrono::milliseconds refresh, std::chrono::milliseconds retry);

/// The keeper's read for EWS mailboxes: the Exchange server serving the mailbox
/// (Settings::serverFor; kUnavailable naming the domain when none does), `read` from it,
/// converted at the clock's now.
using EwsHoursRead =
    std::function<WorkingHoursRead(const ExchangeServer& server, const std::string& mailbox)>;
std::function<MailboxHoursRead(const Settings&, const std::string&, const std::string&)>
ewsHoursRead(EwsHoursRead read, const rules::ZoneDb& zones, const Clock& clock);

}  // namespace enp
