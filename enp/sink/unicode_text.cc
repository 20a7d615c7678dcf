#include "enp/sink/unicode_text.h"

#include <cstdint>

#include "enp/sink/snippet.h"

namespace enp::unicode {
namespace {

struct Range {
  char32_t first;
  char32_t last;
};

// Code points that attach to the preceding one (Grapheme_Extend and friends), for the scripts and
// emoji a mail preview commonly holds. Not the full Unicode table: cheap and good enough to keep a
// cut from orphaning marks. Sorted.
constexpr Range kExtenders[] = {
    {0x0300, 0x036F},    // Combining Diacritical Marks
    {0x0483, 0x0489},    // Cyrillic combining marks
    {0x0591, 0x05BD},    // Hebrew cantillation marks and points
    {0x05BF, 0x05BF},    // Hebrew rafe
    {0x05C1, 0x05C2},    // Hebrew shin and sin dots
    {0x05C4, 0x05C5},    // Hebrew upper and lower dots
    {0x05C7, 0x05C7},    // Hebrew qamats qatan
    {0x0610, 0x061A},    // Arabic signs
    {0x064B, 0x065F},    // Arabic harakat
    {0x0670, 0x0670},    // Arabic superscript alef
    {0x06D6, 0x06DC},    // Arabic Quranic marks
    {0x06DF, 0x06E4},    // Arabic Quranic marks
    {0x06E7, 0x06E8},    // Arabic Quranic marks
    {0x06EA, 0x06ED},    // Arabic Quranic marks
    {0x0900, 0x0903},    // Devanagari signs
    {0x093A, 0x093C},    // Devanagari vowel signs, nukta
    {0x093E, 0x094F},    // Devanagari vowel signs, virama
    {0x0951, 0x0957},    // Devanagari stress signs
    {0x0962, 0x0963},    // Devanagari vocalic vowel signs
    {0x0E31, 0x0E31},    // Thai mai han-akat
    {0x0E34, 0x0E3A},    // Thai vowel signs
    {0x0E47, 0x0E4E},    // Thai tone marks
    {0x1AB0, 0x1AFF},    // Combining Diacritical Marks Extended
    {0x1DC0, 0x1DFF},    // Combining Diacritical Marks Supplement
    {0x200C, 0x200D},    // ZWNJ, ZWJ
    {0x20D0, 0x20FF},    // Combining marks for symbols (incl. U+20E3 keycap)
    {0x3099, 0x309A},    // Kana voiced sound marks
    {0xFE00, 0xFE0F},    // Variation selectors
    {0xFE20, 0xFE2F},    // Combining half marks
    {0x1F3FB, 0x1F3FF},  // Emoji skin-tone modifiers
    {0xE0020, 0xE007F},  // Tag characters (subdivision flags)
    {0xE0100, 0xE01EF},  // Variation selectors supplement
};

constexpr char32_t kZwj = 0x200D;
constexpr char32_t kBom = 0xFEFF;

bool isRegionalIndicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

}  // namespace

std::vector<char32_t> decodeUtf8(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const auto b = static_cast<uint8_t>(text[i]);
    if (b < 0x80) {
      out.push_back(b);
      ++i;
      continue;
    }
    // Lead byte: sequence length and the allowed range of the second byte (Unicode Table 3-7).
    int len = 0;
    uint8_t lo = 0x80;
    uint8_t hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      lo = b == 0xE0 ? 0xA0 : 0x80;
      hi = b == 0xED ? 0x9F : 0xBF;  // No surrogates.
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      lo = b == 0xF0 ? 0x90 : 0x80;
      hi = b == 0xF4 ? 0x8F : 0xBF;  // Nothing above U+10FFFF.
    }
    if (len == 0) {
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    char32_t cp = b & (0xFF >> (len + 1));
    size_t j = i + 1;
    bool ok = true;
    for (int k = 1; k < len; ++k, ++j) {
      const auto c = j < n ? static_cast<uint8_t>(text[j]) : 0;
      if (j >= n || c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (c & 0x3F);
    }
    // A maximal ill-formed subpart becomes one U+FFFD; the offending byte is looked at again.
    out.push_back(ok ? cp : kReplacement);
    i = j;
  }
  return out;
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    cp = kReplacement;
  }
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool isSpaceOrControl(char32_t cp) {
  return cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0) ||  // C0, DEL, C1 (incl. NEL), NBSP
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

std::vector<char32_t> collapseSpaces(const std::vector<char32_t>& cps) {
  std::vector<char32_t> out;
  out.reserve(cps.size());
  bool pendingSpace = false;
  for (char32_t cp : cps) {
    if (cp == kBom) {
      continue;
    }
    if (isSpaceOrControl(cp)) {
      pendingSpace = !out.empty();
      continue;
    }
    if (pendingSpace) {
      out.push_back(U' ');
      pendingSpace = false;
    }
    out.push_back(cp);
  }
  return out;
}

bool isExtender(char32_t cp) {
  for (const Range& r : kExtenders) {
    if (cp < r.first) {
      return false;
    }
    if (cp <= r.last) {
      return true;
    }
  }
  return false;
}

bool isClusterBoundary(const std::vector<char32_t>& cps, size_t pos) {
  const char32_t prev = cps[pos - 1];
  const char32_t next = cps[pos];
  if (isExtender(next) || prev == kZwj) {
    return false;
  }
  if (isRegionalIndicator(prev) && isRegionalIndicator(next)) {
    // Flags are pairs: a boundary only after an even number of regional indicators.
    size_t run = 0;
    for (size_t i = pos; i > 0 && isRegionalIndicator(cps[i - 1]); --i) {
      ++run;
    }
    return run % 2 == 0;
  }
  return true;
}

std::string cutToLength(const std::vector<char32_t>& cps, size_t maxChars) {
  std::string out;
  if (maxChars == 0) {
    return out;
  }
  size_t keep = cps.size();
  const bool cut = cps.size() > maxChars;
  if (cut) {
    keep = maxChars - 1;  // Room for the ellipsis.
    while (keep > 0 && !isClusterBoundary(cps, keep)) {
      --keep;
    }
    while (keep > 0 && cps[keep - 1] == U' ') {
      --keep;
    }
  }
  out.reserve(keep * 3 + kEllipsis.size());
  for (size_t i = 0; i < keep; ++i) {
    appendUtf8(out, cps[i]);
  }
  if (cut) {
    out.append(kEllipsis);
  }
  return out;
}

}  // namespace enp::unicode
