#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// UTF-8 validation and repair. pugixml hands out the document's bytes without checking them, so
// every string ENP takes from an EWS answer goes through here. "Well-formed" is Unicode's
// definition (Table 3-7): no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF, no truncated or stray continuation bytes.

namespace ews::utf8 {

/// The byte offset of the first ill-formed sequence in s, or std::string_view::npos when s is
/// well-formed UTF-8.
size_t invalidAt(std::string_view s);

/// True when s is well-formed UTF-8.
inline bool isValid(std::string_view s) { return invalidAt(s) == std::string_view::npos; }

/// True when s is well-formed UTF-8 without control characters other than tab, CR and LF (no
/// C0 control, DEL, or C1 control U+0080..U+009F).
bool isPlainText(std::string_view s);

/// s with each maximal ill-formed subpart replaced by U+FFFD (the W3C/WHATWG decoder's practice,
/// recommended by Unicode section 3.9): a truncated sequence becomes one U+FFFD, a byte that can
/// start no sequence becomes one U+FFFD. Well-formed input comes back unchanged.
std::string repair(std::string_view s);

/// Replaces s by repair(s); does not allocate when s is well-formed.
void repairInPlace(std::string& s);

}  // namespace ews::utf8
