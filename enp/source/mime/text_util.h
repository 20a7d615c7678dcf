#pragma once

#include <string>
#include <string_view>

// Small ASCII helpers shared by the MIME decoders. Pure functions; thread-safe.
namespace enp::mime {

/// The value of a hexadecimal digit (either case), or -1.
int hexValue(char c);

/// `s` with ASCII letters lower-cased.
std::string lowerAscii(std::string_view s);

/// True when `a` and `b` are equal ignoring ASCII case.
bool equalsIgnoreCase(std::string_view a, std::string_view b);

/// `s` without leading and trailing spaces, tabs, CR and LF.
std::string_view trimSpaces(std::string_view s);

}  // namespace enp::mime
