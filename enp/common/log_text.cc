#include "enp/common/log_text.h"

#include <cstdio>

#include "base/utf8.h"

namespace enp {
namespace {

void appendEscaped(std::string& out, std::string_view bytes) {
  for (unsigned char c : bytes) {
    char hex[5];
    std::snprintf(hex, sizeof hex, "\\x%02X", c);
    out += hex;
  }
}

}  // namespace

std::string forLog(std::string_view text, size_t max) {
  std::string out;
  std::string unit;
  size_t i = 0;
  while (i < text.size()) {
    const size_t n = base::utf8::sequenceLength(text, i);
    const auto c = static_cast<unsigned char>(text[i]);
    const bool control =
        n == 1 ? (c < 0x20 || c == 0x7F)
               : n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    unit.clear();
    const size_t take = n == 0 ? 1 : n;
    if (n == 0 || control) {
      appendEscaped(unit, text.substr(i, take));
    } else {
      unit.append(text, i, take);
    }
    if (out.size() + unit.size() > max) {
      break;
    }
    out += unit;
    i += take;
  }
  if (i < text.size()) {
    out += "\xE2\x80\xA6(+" + std::to_string(text.size() - i) + " bytes)";
  }
  return out;
}

}  // namespace enp
