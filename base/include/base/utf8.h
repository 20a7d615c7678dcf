#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// UTF-8 checks and repair for text that enters from outside: EWS answers (pugixml hands out the
// document's bytes unchecked), JSON bodies, settings documents, headers. "Well-formed" is
// Unicode's definition (Table 3-7): no overlong forms, no surrogates (U+D800..U+DFFF), nothing
// above U+10FFFF, no truncated or stray continuation bytes. Pure functions; thread-safe.

namespace base::utf8 {

/// The length (1..4) of the well-formed sequence that starts at s[pos]; 0 when the bytes there
/// are not one (or pos is past the end).
size_t sequenceLength(std::string_view s, size_t pos);

/// The byte offset of the first ill-formed sequence in s; std::string_view::npos when s is
/// well-formed.
size_t invalidAt(std::string_view s);

/// True when all of s is well-formed UTF-8.
inline bool isValid(std::string_view s) { return invalidAt(s) == std::string_view::npos; }

/// "not valid UTF-8 (byte N)" for the first ill-formed byte of s; "" when s is well-formed.
std::string invalidProblem(std::string_view s);

/// True when s is well-formed UTF-8 without control characters other than tab, CR and LF (no
/// C0 control, DEL, or C1 control U+0080..U+009F).
bool isPlainText(std::string_view s);

/// s with each maximal ill-formed subpart replaced by U+FFFD (the W3C/WHATWG decoder's practice,
/// recommended by Unicode section 3.9): a truncated sequence becomes one U+FFFD, a byte that can
/// start no sequence becomes one U+FFFD. Well-formed input comes back unchanged.
std::string repair(std::string_view s);

/// Replaces s by repair(s); does not allocate when s is well-formed.
void repairInPlace(std::string& s);

/// What text of a field may hold besides printable characters.
enum class Text {
  kLine,   ///< One line: no control characters (C0, DEL, C1) at all.
  kLines,  ///< Several lines (a PEM block): tab, CR and LF allowed, other control characters not.
};

/// "" when s is well-formed UTF-8 without control characters (as `kind` allows); otherwise the
/// problem, for a message "<field>: <problem>": "not valid UTF-8 (byte 3)" or "control character
/// U+0001 at byte 3 not allowed". Never quotes s. Byte positions count from `base` (s being a
/// part of a longer text that starts `base` bytes before it).
std::string textProblem(std::string_view s, Text kind = Text::kLine, size_t base = 0);

}  // namespace base::utf8
