#pragma once

// GetUserAvailability as this fake serves it: one FreeBusyResponse per t:MailboxData, carrying
// the mailbox's configured t:WorkingHours (none when it has none) and no calendar events;
// ErrorMailRecipientNotFound for an address that is no mailbox.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fake_mailbox.h"
#include "soap_call.h"

namespace fakes {

struct AvailabilityQuery {
  std::vector<std::string> addresses;  ///< MailboxData/Email/Address, in order.
  std::string requestedView;           ///< FreeBusyViewOptions/RequestedView; empty if absent.
};

AvailabilityQuery parseAvailabilityRequest(const SoapCall& call);

/// What the fake knows of one asked-for address.
struct AvailabilityAnswer {
  bool exists = false;
  std::optional<FakeWorkingHours> workingHours;
};

/// The HTTP 200 answer; lookup is called for each address.
std::string renderAvailabilityResponse(
    const ServerVersionInfo& version, const AvailabilityQuery& query,
    const std::function<AvailabilityAnswer(const std::string&)>& lookup);

}  // namespace fakes
