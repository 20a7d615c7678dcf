#include "enp/source/ews/ews_check.h"

#include "ews/client.h"

namespace enp {

std::string explainEwsError(const ews::Error& e) {
  if (e.code == "ErrorImpersonateUserDenied" || e.code == "ErrorImpersonationDenied") {
    return "the service account lacks the ApplicationImpersonation role for this mailbox "
           "(New-ManagementRoleAssignment -Role ApplicationImpersonation -User <account>)";
  }
  if (e.code == "ErrorNonExistentMailbox") {
    return "Exchange knows no mailbox with this primary SMTP address";
  }
  if (e.kind == ews::ErrorKind::kHttp && e.httpStatus == 401) {
    return "Exchange refused the service account's credentials (user name, password or "
           "authentication type)";
  }
  if (e.code == "ErrorAccessDenied") {
    return "the service account may not read this mailbox";
  }
  if (e.kind == ews::ErrorKind::kTransport) {
    return "Exchange could not be reached (URL, DNS, firewall or TLS certificate)";
  }
  if (e.isServerBusy()) {
    return "Exchange is throttling the service account; try again later";
  }
  return "unexpected answer from Exchange";
}

EwsCheckResult checkExchangeAccess(const ExchangeServer& server, const std::string& mailbox,
                                   ews::Transport& transport) {
  ews::Client client(transport, {server.ewsUrl, server.version});
  auto r = client.getItems(mailbox, {"AAMkAGVucC1ld3MtdGVzdC1ub25leGlzdGVudC1pdGVtAAA="});
  if (!r.ok()) {
    return {false, explainEwsError(r.error()), r.error().describe()};
  }
  if (!r->empty() && !r->front().ok()) {
    const auto& e = r->front().error;
    if (e.code != "ErrorItemNotFound" && e.code.rfind("ErrorInvalidId", 0) != 0) {
      return {false, explainEwsError(e), e.describe()};
    }
  }
  return {true, "credentials, impersonation of " + mailbox + " and GetItem access work", ""};
}

}  // namespace enp
