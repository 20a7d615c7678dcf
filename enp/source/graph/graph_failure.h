#pragma once

#include <string>

#include "enp/decide/failure.h"
#include "ews/error.h"
#include "ews/transport.h"

namespace enp {

/// Graph's error answer {"error": {"code", "message"}}: code and message, or empty ones.
struct GraphErrorBody {
  std::string code;
  std::string message;
};
GraphErrorBody parseGraphError(const std::string& body);

/// A Graph answer that is not a success, as the retry policy sees it (system "graph"):
///   401, 403                        kAuth, with the advice for each (token, permission, policy)
///   404 ErrorItemNotFound and kin   kItemGone; 404 ErrorInvalidUser, MailboxNotEnabledFor-
///                                   RESTAPI kNoMailbox
///   400 ErrorInvalidIdMalformed     kBadItem
///   429, 503 with Retry-After       kBusy, waiting as asked
///   5xx, anything else              kUnreachable
/// The detail holds the status and Graph's code and message; never a token.
Failure graphHttpFailure(const ews::HttpReply& reply);

/// No answer at all (a timeout, a refused connection, TLS): kUnreachable.
Failure graphTransportFailure(const ews::Error& error, const std::string& graphUrl);

}  // namespace enp
