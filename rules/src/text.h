#pragma once

#include <string>
#include <string_view>

namespace rules::internal {

/// ASCII-only helpers: names, addresses and keys handled by the rules are ASCII.
std::string toLower(std::string_view s);
std::string_view trim(std::string_view s);
/// s with JSON-style quotes, for messages: `"Mars/Base"`.
std::string quoted(std::string_view s);

}  // namespace rules::internal
