#include "enp/common/utf8.h"

#include <cstdint>
#include <cstdio>

namespace enp::utf8 {
namespace {

bool isContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

size_t sequenceLength(std::string_view s, size_t pos) {
  if (pos >= s.size()) {
    return 0;
  }
  const auto at = [&](size_t i) { return static_cast<unsigned char>(s[pos + i]); };
  const unsigned char c = at(0);
  if (c < 0x80) {
    return 1;
  }
  size_t length = 0;
  uint32_t min = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    length = 2, min = 0x80, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    length = 3, min = 0x800, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    length = 4, min = 0x10000, cp = c & 0x07;
  } else {
    return 0;
  }
  if (pos + length > s.size()) {
    return 0;
  }
  for (size_t i = 1; i < length; ++i) {
    if (!isContinuation(at(i))) {
      return 0;
    }
    cp = (cp << 6) | (at(i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return length;
}

size_t firstInvalid(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = sequenceLength(s, i);
    if (n == 0) {
      return i;
    }
    i += n;
  }
  return std::string_view::npos;
}

bool isValid(std::string_view s) { return firstInvalid(s) == std::string_view::npos; }

std::string invalidProblem(std::string_view s) {
  const size_t at = firstInvalid(s);
  return at == std::string_view::npos ? "" : "not valid UTF-8 (byte " + std::to_string(at) + ")";
}

std::string toValid(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = sequenceLength(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  return out;
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

}  // namespace enp::utf8
