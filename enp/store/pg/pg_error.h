#pragma once

// PostgreSQL's failures as the daemon's Status: the SQLSTATE decides the code, the message
// names it, and a password never appears in one.

#include <string>
#include <string_view>

#include "enp/common/status.h"

struct pg_result;
struct pg_conn;

namespace enp::pg {

/// The code for a SQLSTATE: 23505 (unique_violation) and 23P01 (exclusion_violation) kConflict;
/// class 08 (connection exception), 57P01..57P03 (server shutting down or starting),
/// 40001 (serialization failure) and 40P01 (deadlock) kUnavailable (repeating may succeed);
/// 28 (invalid authorization) kInvalid; everything else kStore.
StatusCode codeForSqlState(std::string_view sqlState);

/// The Status of a failed statement: "postgresql: <primary message> (SQLSTATE 23505)". The
/// server's DETAIL (which may quote the row's values) is left out.
Status statementError(const pg_result* result, const pg_conn* connection);

/// `message` with every occurrence of `secret` (when not empty) replaced by "***", trailing
/// newlines removed and runs of white space folded to one space (libpq's messages span lines).
std::string cleanMessage(std::string message, std::string_view secret = {});

}  // namespace enp::pg
