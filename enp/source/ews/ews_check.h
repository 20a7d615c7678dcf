#pragma once

#include <string>

#include "enp/config/settings.h"
#include "ews/error.h"
#include "ews/transport.h"

namespace enp {

/// What `enp ews test` and POST /api/v1/admin/exchange/{name}/test report.
struct EwsCheckResult {
  bool ok = false;
  std::string explanation;  ///< Plain words: what works, or what the administrator must fix.
  std::string detail;       ///< The technical error ("SoapFault ErrorImpersonateUserDenied ...").
};

/// Reads a well-formed id of no item from `mailbox` through impersonation on `server`: an
/// item-level "not found" proves the credentials, the impersonation right and GetItem access.
/// Blocking (one EWS round trip). `transport` must be configured with the server's auth and CA.
EwsCheckResult checkExchangeAccess(const ExchangeServer& server, const std::string& mailbox,
                                   ews::Transport& transport);

/// Plain words for what an administrator must fix about an EWS error, e.g. "the service account
/// lacks the ApplicationImpersonation role for this mailbox (...)".
std::string explainEwsError(const ews::Error& e);

}  // namespace enp
