#include "enp/source/imap/command_text.h"

#include <cstdint>

#include "enp/sink/unicode_text.h"

namespace enp::imap {
namespace {

constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Modified base64 of modified UTF-7 uses ',' instead of '/'.
constexpr std::string_view kModifiedBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

// Base64 of `bytes` over `alphabet`, padded or not.
std::string base64(std::string_view bytes, std::string_view alphabet, bool pad) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                       (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    out.push_back(alphabet[v & 63]);
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
    if (rest == 2) {
      v |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
    }
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (rest == 2) {
      out.push_back(alphabet[(v >> 6) & 63]);
    }
    if (pad) {
      out.append(rest == 1 ? "==" : "=");
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> astring(std::string_view s, bool literalPlus) {
  bool quotable = true;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0 || u == '\r' || u == '\n' || u >= 0x80) {
      quotable = false;
    }
  }
  if (quotable) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') {
        out.push_back('\\');
      }
      out.push_back(c);
    }
    out.push_back('"');
    return {out};
  }
  return {"{" + std::to_string(s.size()) + (literalPlus ? "+}" : "}"), std::string(s)};
}

std::string encodeMailboxName(std::string_view utf8) {
  std::string out;
  std::u16string pending;  // UTF-16 code units of a run of non-printable characters
  const auto flush = [&] {
    if (pending.empty()) {
      return;
    }
    std::string bytes;
    for (char16_t u : pending) {
      bytes.push_back(static_cast<char>(u >> 8));
      bytes.push_back(static_cast<char>(u & 0xFF));
    }
    out.push_back('&');
    out.append(base64(bytes, kModifiedBase64, false));
    out.push_back('-');
    pending.clear();
  };
  for (char32_t cp : unicode::decodeUtf8(utf8)) {
    if (cp >= 0x20 && cp <= 0x7E) {
      flush();
      out.append(cp == '&' ? "&-" : std::string(1, static_cast<char>(cp)));
    } else if (cp >= 0x10000) {
      const char32_t v = cp - 0x10000;
      pending.push_back(static_cast<char16_t>(0xD800 + (v >> 10)));
      pending.push_back(static_cast<char16_t>(0xDC00 + (v & 0x3FF)));
    } else {
      pending.push_back(static_cast<char16_t>(cp));
    }
  }
  flush();
  return out;
}

std::string encodeBase64(std::string_view bytes) { return base64(bytes, kBase64, true); }

std::string saslPlain(std::string_view user, std::string_view password) {
  std::string message;
  message.push_back('\0');
  message.append(user);
  message.push_back('\0');
  message.append(password);
  return encodeBase64(message);
}

}  // namespace enp::imap
