#pragma once

#include <string_view>

#include "enp/common/status.h"

// Dates in mail: RFC 5322 §3.3 date-time (the Date header, ENVELOPE's date) and IMAP's
// INTERNALDATE ("17-Jul-1996 02:44:25 -0700", RFC 3501 §9), converted to RFC 3339 in UTC as
// ENP stores instants ("1996-07-17T09:44:25Z"). Pure functions; thread-safe.
namespace enp::mime {

/// Parses an RFC 5322 date-time, also the obsolete forms mailers still send: no day of week,
/// two-digit years, no seconds, zone names (GMT, UT, EST...; military zones and unknown names
/// count as UTC, per RFC 5322 §4.3) and trailing comments "(CET)". Fails (kInvalid) on anything
/// else, without quoting the input.
Result<std::string> parseMailDate(std::string_view text);

/// Parses an IMAP date-time ("dd-Mon-yyyy hh:mm:ss +zzzz"; the day may be space-padded).
Result<std::string> parseImapDate(std::string_view text);

}  // namespace enp::mime
