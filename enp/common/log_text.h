#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace enp {

/// Text that came from a request (a header, a user name, a field of a body), made safe to write
/// into a log line or an audit row: control characters (C0, DEL, C1) and bytes that are not valid
/// UTF-8 become "\xNN", and the result is cut, on a character boundary, before it exceeds `max`
/// bytes, followed by "…(+N bytes)" where N counts the input bytes left out. The result is valid
/// UTF-8 of at most max + 24 bytes. Pure; thread-safe.
std::string forLog(std::string_view text, size_t max = 200);

}  // namespace enp
