#pragma once

#include <cstdint>
#include <string>

namespace enp {

/// An instant for a log line: milliseconds since the Unix epoch as ISO-8601 UTC with
/// milliseconds, "2026-12-01T16:35:08.123Z" (the form of the log's own time stamps). 0 and
/// other instants before 1970 come out as they are ("1970-01-01T00:00:00.000Z" for 0). Pure;
/// thread-safe.
std::string logTime(int64_t unixMs);

}  // namespace enp
