#include "enp/source/mime/transfer_encoding.h"

#include <cstdint>

#include "enp/source/mime/text_util.h"

namespace enp::mime {
namespace {

int base64Value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '+') {
    return 62;
  }
  if (c == '/') {
    return 63;
  }
  return -1;
}

bool isLineSpace(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string decodeBase64(std::string_view in) {
  std::string out;
  out.reserve(in.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    if (c == '=') {
      break;
    }
    const int v = base64Value(c);
    if (v < 0) {
      continue;
    }
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      out.push_back(static_cast<char>((bits >> 16) & 0xFF));
      out.push_back(static_cast<char>((bits >> 8) & 0xFF));
      out.push_back(static_cast<char>(bits & 0xFF));
      bits = 0;
      count = 0;
    }
  }
  if (count == 2) {
    out.push_back(static_cast<char>((bits >> 4) & 0xFF));
  } else if (count == 3) {
    out.push_back(static_cast<char>((bits >> 10) & 0xFF));
    out.push_back(static_cast<char>((bits >> 2) & 0xFF));
  }
  return out;
}

std::string decodeQuotedPrintable(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    const char c = in[i];
    if (c == '=') {
      // Soft line break: "=" then optional trailing whitespace, then CRLF or LF.
      size_t j = i + 1;
      while (j < in.size() && isLineSpace(in[j])) {
        ++j;
      }
      if (j < in.size() && (in[j] == '\r' || in[j] == '\n')) {
        j += (in[j] == '\r' && j + 1 < in.size() && in[j + 1] == '\n') ? 2 : 1;
        i = j;
        continue;
      }
      if (j == in.size()) {
        break;  // cut off after '='
      }
      const int hi = i + 1 < in.size() ? hexValue(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? hexValue(in[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 3;
        continue;
      }
      if (hi >= 0 && i + 2 == in.size()) {
        break;  // "=X" cut off at the end
      }
      out.push_back('=');
      ++i;
      continue;
    }
    if (isLineSpace(c)) {
      // Whitespace at the end of a line was added in transport: drop it.
      size_t j = i;
      while (j < in.size() && isLineSpace(in[j])) {
        ++j;
      }
      if (j == in.size() || in[j] == '\r' || in[j] == '\n') {
        i = j;
        continue;
      }
      out.append(in.substr(i, j - i));
      i = j;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

std::string decodeTransferEncoding(std::string_view body, std::string_view encoding) {
  const std::string e = lowerAscii(trimSpaces(encoding));
  if (e == "base64") {
    return decodeBase64(body);
  }
  if (e == "quoted-printable") {
    return decodeQuotedPrintable(body);
  }
  return std::string(body);
}

}  // namespace enp::mime
