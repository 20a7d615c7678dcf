#include "base/utf8.h"

#include <cstdint>
#include <cstdio>

namespace base::utf8 {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The result of reading one sequence: its length when well-formed (valid), else the length of
// the maximal ill-formed subpart to replace (at least 1).
struct Sequence {
  size_t length;
  bool valid;
};

// Reads the sequence at s[i] (i < s.size()) per Unicode Table 3-7: the lead byte fixes the
// length and the range of the second byte; later bytes are 80..BF.
Sequence readSequence(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t lead = byte(i);
  if (lead < 0x80) {
    return {1, true};
  }
  size_t length = 0;
  uint8_t low = 0x80;  // Range of the second byte.
  uint8_t high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) {
      low = 0xA0;  // Below: overlong.
    } else if (lead == 0xED) {
      high = 0x9F;  // Above: surrogates.
    }
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) {
      low = 0x90;  // Below: overlong.
    } else if (lead == 0xF4) {
      high = 0x8F;  // Above: beyond U+10FFFF.
    }
  } else {
    return {1, false};  // A continuation byte, C0, C1 or F5..FF: starts no sequence.
  }
  for (size_t k = 1; k < length; ++k) {
    if (i + k >= s.size()) {
      return {k, false};  // Truncated.
    }
    const uint8_t b = byte(i + k);
    const bool ok = k == 1 ? (b >= low && b <= high) : (b >= 0x80 && b <= 0xBF);
    if (!ok) {
      return {k, false};
    }
  }
  return {length, true};
}

}  // namespace

size_t sequenceLength(std::string_view s, size_t pos) {
  if (pos >= s.size()) {
    return 0;
  }
  const Sequence seq = readSequence(s, pos);
  return seq.valid ? seq.length : 0;
}

size_t invalidAt(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<uint8_t>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const Sequence seq = readSequence(s, i);
    if (!seq.valid) {
      return i;
    }
    i += seq.length;
  }
  return std::string_view::npos;
}

std::string invalidProblem(std::string_view s) {
  const size_t at = invalidAt(s);
  return at == std::string_view::npos ? "" : "not valid UTF-8 (byte " + std::to_string(at) + ")";
}

bool isPlainText(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<uint8_t>(s[i]);
    if (b < 0x80) {
      if ((b < 0x20 && b != '\t' && b != '\r' && b != '\n') || b == 0x7F) {
        return false;
      }
      ++i;
      continue;
    }
    const Sequence seq = readSequence(s, i);
    if (!seq.valid) {
      return false;
    }
    // C1 controls U+0080..U+009F are C2 80..C2 9F.
    if (b == 0xC2 && static_cast<uint8_t>(s[i + 1]) <= 0x9F) {
      return false;
    }
    i += seq.length;
  }
  return true;
}

std::string repair(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const Sequence seq = readSequence(s, i);
    if (seq.valid) {
      out.append(s.substr(i, seq.length));
    } else {
      out.append(kReplacement);
    }
    i += seq.length;
  }
  return out;
}

void repairInPlace(std::string& s) {
  if (!isValid(s)) {
    s = repair(s);
  }
}

std::string textProblem(std::string_view s, Text kind, size_t base) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = sequenceLength(s, i);
    if (n == 0) {
      return "not valid UTF-8 (byte " + std::to_string(base + i) + ")";
    }
    const auto c = static_cast<unsigned char>(s[i]);
    unsigned cp = 0x20;
    if (c < 0x20 || c == 0x7F) {
      cp = c;
    } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
      cp = static_cast<unsigned char>(s[i + 1]);  // C1: U+0080..U+009F
    }
    const bool lineBreakOrTab = cp == '\t' || cp == '\n' || cp == '\r';
    if (cp != 0x20 && !(kind == Text::kLines && lineBreakOrTab)) {
      char name[8];
      std::snprintf(name, sizeof name, "U+%04X", cp);
      return std::string("control character ") + name + " at byte " + std::to_string(base + i) +
             " not allowed";
    }
    i += n;
  }
  return "";
}

}  // namespace base::utf8
