#pragma once

#include <string>

#include "enp/common/clock.h"
#include "enp/config/graph_tenant.h"
#include "enp/http/transport_factory.h"

namespace enp {

/// What `enp graph test` and POST /api/v1/admin/graph[/{name}]/test report.
struct GraphCheckResult {
  bool ok = false;
  std::string step;         ///< "token" or "mailbox": where it stopped (or "mailbox" when ok).
  std::string explanation;  ///< Plain words: what works, or what the administrator must fix.
  std::string detail;       ///< The technical error (AADSTS code, Graph's code); never a secret.
};

/// Signs in to `tenant` with its credential (a token of its own: nothing cached is used) and,
/// when `mailbox` is not empty, reads one message of its Inbox
/// (GET /v1.0/users/{mailbox}/mailFolders('Inbox')/messages?$top=1&$select=...): success proves
/// the credential, the Mail.Read permission with consent and the application access policy for
/// that mailbox. Blocking (a token request and one Graph call). The secret goes only to the
/// tenant's own token URL.
GraphCheckResult checkGraphAccess(const GraphTenant& tenant, const std::string& mailbox,
                                  const TransportFactory& transports, const Clock& clock);

}  // namespace enp
