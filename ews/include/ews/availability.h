#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ews/result.h"
#include "ews/time_zone.h"
#include "ews/types.h"

namespace ews {

/// GetUserAvailability for one mailbox, asking only for what carries its working hours: the
/// FreeBusy view (no subjects or locations) over a short window.
struct AvailabilityRequest {
  std::string mailbox;  ///< Primary SMTP address; impersonated, and the one asked about.
  ServerVersion version = ServerVersion::kExchange2013;
  int64_t windowStartMs = 0;  ///< TimeWindow; Exchange wants one even though ENP needs none.
  int64_t windowEndMs = 86'400'000;
};

/// The SOAP envelope: impersonated m:GetUserAvailabilityRequest with the required t:TimeZone
/// (UTC: bias 0, no daylight time, so the window is read in UTC), one t:MailboxData and
/// t:FreeBusyViewOptions (TimeWindow, RequestedView FreeBusy).
std::string buildGetUserAvailability(const AvailabilityRequest& request);

/// Day bits of WorkingPeriod::days: bit i = weekday i (0 = Sunday ... 6 = Saturday), the bit
/// order of rules::WorkHours::days.
inline constexpr uint8_t kAllDays = 0x7F;
inline constexpr uint8_t kWeekdays = 0x3E;     ///< Monday..Friday.
inline constexpr uint8_t kWeekendDays = 0x41;  ///< Saturday, Sunday.

/// One t:WorkingPeriod: days and the hours worked on each, in the WorkingHours' time zone.
struct WorkingPeriod {
  /// From the DayOfWeek list: Sunday..Saturday, and Exchange's Day (every day), Weekday
  /// (Monday..Friday) and WeekendDay (or Weekend: Saturday and Sunday).
  uint8_t days = 0;
  std::vector<std::string> unknownDayNames;  ///< Tokens of the list that are none of those.
  int startMinute = 0;  ///< StartTimeInMinutes: minutes after local midnight, 0..1440.
  int endMinute = 0;    ///< EndTimeInMinutes, 0..1440.
};

/// t:WorkingHours of a mailbox.
struct WorkingHours {
  TimeZoneDescription timeZone;
  std::vector<WorkingPeriod> periods;  ///< As sent; may be empty.
};

/// Parses a GetUserAvailability answer about one mailbox: its first FreeBusyResponse. nullopt
/// when the view has no WorkingHours (the mailbox has none set, or Exchange withheld them). A
/// ResponseMessage with ResponseClass="Error" (ErrorMailRecipientNotFound, ErrorNoFreeBusyAccess,
/// ...) is a kExchange Error; request failures are classified as by classifyFailure(). A
/// WorkingHours with a missing or non-numeric Bias, Month, DayOrder, time or minute, a value out
/// of range, or an unknown DayOfWeek in its TimeZone is kParse.
Result<std::optional<WorkingHours>> parseGetUserAvailabilityResponse(long httpStatus,
                                                                     std::string_view body);

/// "Sunday".."Saturday" -> 0..6; -1 otherwise.
int parseDayName(std::string_view name);

}  // namespace ews
