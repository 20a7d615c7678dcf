#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace enp {

/// The ellipsis appended to a cut text: U+2026, three bytes in UTF-8.
inline constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

/// Turns a mail body or preview into a short plain-text snippet (DESIGN §5.3):
///  1. HTML: tags and comments are removed (block-level tags such as <p>, <br>, <div>, <td> become
///     a space, inline tags such as <b> vanish), the contents of <style>, <script> and <title> are
///     dropped, and the entities &amp; &lt; &gt; &quot; &apos; &nbsp; (plus a few typographic ones
///     such as &rsquo; &hellip; &euro;) and numeric &#NNN; / &#xHH; are decoded; unknown entities
///     stay as written. A '<' that does not start a tag name (as in "a < b" or "<3") is text.
///  2. UTF-8: invalid bytes (and decoded surrogates, NUL or out-of-range references) become U+FFFD.
///  3. Whitespace: ASCII and Unicode spaces (NBSP, U+2000-U+200A, U+2028/9, U+202F, U+205F,
///     U+3000, NEL, ...) and control characters collapse to one ASCII space; U+FEFF is dropped;
///     the result is trimmed.
///  4. Length: at most maxChars Unicode code points. When the text is longer it is cut and "…"
///     is appended; the ellipsis COUNTS towards maxChars, so the result never exceeds maxChars
///     code points. The cut backs off so that it does not separate a base from its combining marks,
///     variation selectors, emoji skin-tone modifiers or tag characters, does not end on a ZWJ or
///     split a ZWJ emoji sequence, and does not split a regional-indicator flag pair. Trailing
///     spaces before the ellipsis are removed. When the first cluster alone is too long the result
///     is just "…".
/// maxChars 0 gives "". Pure function; thread-safe.
std::string makeSnippet(std::string_view text, size_t maxChars);

/// Steps 2-4 of makeSnippet() without the HTML step: for one-line fields such as a subject or a
/// display name, where '<' and '&' are literal text.
std::string makeCleanLine(std::string_view text, size_t maxChars);

}  // namespace enp
