#pragma once

#include <optional>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "rules/policy.h"

namespace enp {

/// A mailbox's own working hours in the terms of a registration's policy (rules::Policy's
/// timeZone and workHours), whichever mail system they were read from (EWS GetUserAvailability,
/// Graph mailboxSettings).
struct MailboxWorkHours {
  /// The tzdata zone; "" when none matched what the mail system said, and notes say so.
  std::string timeZone;
  /// One window on a set of days; days == 0: the mailbox names no day (treated as none set).
  rules::WorkHours workHours{.days = 0};
  /// What could not be carried over exactly, one sentence each (for the log and the console).
  std::vector<std::string> notes;
};

/// What a read of a mailbox's working hours gave: the hours, none set (nullopt), or why not.
using MailboxHoursRead = Result<std::optional<MailboxWorkHours>>;

}  // namespace enp
