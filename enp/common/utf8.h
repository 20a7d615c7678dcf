#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// UTF-8 checks for text that enters from outside (JSON bodies, settings documents, headers).
// Pure functions; thread-safe.
namespace enp::utf8 {

/// The length of the valid UTF-8 sequence that starts at s[pos] (1..4), or 0 when the bytes
/// there are not one: a stray continuation byte, an overlong form, a surrogate, a value above
/// U+10FFFF or a truncated sequence.
size_t sequenceLength(std::string_view s, size_t pos);

/// The offset of the first byte that is not part of a valid sequence; npos when s is valid.
size_t firstInvalid(std::string_view s);

/// True when all of s is valid UTF-8.
bool isValid(std::string_view s);

/// "not valid UTF-8 (byte N)" for the first invalid byte of s; "" when s is valid.
std::string invalidProblem(std::string_view s);

/// s with every byte that is not part of a valid sequence replaced by U+FFFD: always valid.
std::string toValid(std::string_view s);

/// What text of a field may hold besides printable characters.
enum class Text {
  kLine,   ///< One line: no control characters (C0, DEL, C1) at all.
  kLines,  ///< Several lines (a PEM block): tab, CR and LF allowed, other control characters not.
};

/// "" when s is valid UTF-8 without control characters (as `kind` allows); otherwise the
/// problem, for a message "<field>: <problem>": "not valid UTF-8 (byte 3)" or "control character
/// U+0001 at byte 3 not allowed". Never quotes s. Byte positions count from `base` (s being a
/// part of a longer text that starts `base` bytes before it).
std::string textProblem(std::string_view s, Text kind = Text::kLine, size_t base = 0);

}  // namespace enp::utf8
