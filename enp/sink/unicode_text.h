#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// UTF-8 helpers behind makeSnippet(): decoding with replacement, whitespace collapsing and a cut
// that respects (a cheap approximation of) grapheme clusters. Pure functions; thread-safe.
namespace enp::unicode {

inline constexpr char32_t kReplacement = 0xFFFD;

/// Decodes UTF-8; every invalid byte or sequence (stray continuation, overlong form, surrogate,
/// above U+10FFFF, truncated) becomes one U+FFFD.
std::vector<char32_t> decodeUtf8(std::string_view text);

/// Appends the UTF-8 form of cp (U+FFFD for a surrogate or a value above U+10FFFF).
void appendUtf8(std::string& out, char32_t cp);

/// True for ASCII whitespace, control characters and the Unicode space separators.
bool isSpaceOrControl(char32_t cp);

/// Collapses runs of isSpaceOrControl() to one U+0020, drops U+FEFF, trims both ends.
std::vector<char32_t> collapseSpaces(const std::vector<char32_t>& cps);

/// True when cp only extends the cluster before it: combining marks, ZWJ, variation selectors,
/// emoji modifiers, tag characters.
bool isExtender(char32_t cp);

/// True when cutting between cps[pos - 1] and cps[pos] keeps clusters whole (0 < pos < size).
bool isClusterBoundary(const std::vector<char32_t>& cps, size_t pos);

/// Encodes cps as UTF-8, cut as makeSnippet() documents (ellipsis counted in maxChars).
std::string cutToLength(const std::vector<char32_t>& cps, size_t maxChars);

}  // namespace enp::unicode
