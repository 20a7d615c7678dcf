#pragma once

#include <string>

#include "enp/store/mailbox_hours_store.h"
#include "enp/store/registration_store.h"
#include "rules/policy.h"

namespace enp {

/// For a registration with workHoursFrom "mailbox", puts the mailbox's own working hours and
/// time zone into *policy when ENP has read them, and returns where the hours of a decision came
/// from, in words for its trace:
///   read, with a zone       -> the mailbox's days, hours and zone
///   read, zone not matched  -> the mailbox's days and hours in the registration's zone
///   none set, not read yet, or the store fails -> the registration's own (*policy unchanged)
/// A registration with workHoursFrom "registration" is left alone and "" returned.
std::string applyMailboxHours(const Registration& registration, MailboxHoursStore& store,
                              rules::Policy* policy);

}  // namespace enp
