#pragma once

#include "enp/decide/failure.h"
#include "ews/error.h"

namespace enp {

/// An EWS error in the retry policy's terms (DESIGN §6.3), with plain-words advice:
///   ErrorServerBusy (also as an inner code)          kBusy (BackOffMilliseconds)
///   ErrorItemNotFound                                 kItemGone
///   ErrorInvalidId*                                   kBadItem
///   ErrorNonExistentMailbox                           kNoMailbox
///   impersonation denied/failed, ErrorAccessDenied,
///   HTTP 401/403                                      kAuth
///   anything else (transport, 5xx, faults, parse)     kUnreachable
Failure toFailure(const ews::Error& e);

/// True for the errors that say the service account may not read the mailbox.
bool isEwsAuthProblem(const ews::Error& e);

}  // namespace enp
