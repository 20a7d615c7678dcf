#pragma once

#include <string>
#include <string_view>

#include "enp/common/status.h"

// Charset conversion of mail text to UTF-8, with glibc's iconv (no extra library: glibc ships
// converters for the charsets mail uses, including ISO-2022-JP, Shift_JIS, GB18030, Big5, KOI8-R
// and the Windows code pages, as gconv modules). Thread-safe: each call opens its own converter.
namespace enp::mime {

/// Converts `bytes` in `charset` (a MIME charset name, any case, optionally quoted) to UTF-8.
/// Bytes that are not valid in the charset become U+FFFD, and so does a sequence cut off at
/// the end. UTF-8, US-ASCII and an empty name are read as UTF-8 (repaired); ISO-8859-1 is read
/// as Windows-1252, as browsers do (mailers label CP1252 text as Latin-1). Fails only when iconv
/// knows no converter for the name (Status kInvalid naming the charset).
Result<std::string> convertToUtf8(std::string_view bytes, std::string_view charset);

/// convertToUtf8(), or for an unknown charset the bytes read as UTF-8 (invalid bytes replaced):
/// what a notification shows is better than nothing.
std::string toUtf8(std::string_view bytes, std::string_view charset);

}  // namespace enp::mime
