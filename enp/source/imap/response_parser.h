#pragma once

#include <string_view>

#include "enp/common/status.h"
#include "enp/source/imap/response.h"

namespace enp::imap {

/// Parses one complete response as ResponseReader frames it: its lines and literals
/// ("{n}\r\n" or the non-synchronizing "{n+}\r\n", then n bytes), ending with CRLF (a bare LF
/// is accepted). Atoms, quoted strings with \" and \\ escapes, literals, NIL, nested lists (at
/// most limits.maxDepth deep), response codes "[NAME args]" and FETCH item names with sections
/// ("BODY[1.2]<0>", "BODY[HEADER.FIELDS (FROM)]") are understood. The values of an untagged
/// response whose keyword ENP does not use are parsed leniently: when they do not parse they are
/// dropped, not an error. Fails (kInternal, "protocol error: ..." naming the position) on a
/// response that does not follow the grammar. Pure function; thread-safe.
Result<Response> parseResponse(std::string_view raw, const ParserLimits& limits = {});

}  // namespace enp::imap
