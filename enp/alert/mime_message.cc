#include "enp/alert/mime_message.h"

#include <ctime>

#include "base/utf8.h"
#include "enp/common/secrets.h"

namespace enp {
namespace {

constexpr const char* kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view in) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t n = (static_cast<uint8_t>(in[i]) << 16) |
                       (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += kBase64[n & 63];
  }
  if (i + 1 == in.size()) {
    const uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

// One line of text for a header: valid UTF-8, control characters (CR, LF ...) as spaces.
std::string headerLine(std::string_view text) {
  std::string s = base::utf8::repair(text);
  for (char& c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      c = ' ';
    }
  }
  return s;
}

std::string joinAddresses(const std::vector<std::string>& to) {
  std::string out;
  for (const auto& a : to) {
    out += (out.empty() ? "" : ", ") + headerLine(a);
  }
  return out;
}

}  // namespace

std::string rfc5322Date(int64_t ms) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string encodeHeaderText(std::string_view text) {
  const std::string s = headerLine(text);
  bool plain = s.size() <= 900;
  for (char c : s) {
    plain = plain && static_cast<unsigned char>(c) < 0x80;
  }
  if (plain && s.find("=?") == std::string::npos) {
    return s;
  }
  // Words of at most 45 bytes of whole characters: 60 base64 characters, 72 with the wrapper.
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = pos;
    while (end < s.size()) {
      const size_t len = std::max<size_t>(1, base::utf8::sequenceLength(s, end));
      if (end + len - pos > 45) {
        break;
      }
      end += len;
    }
    out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") +
           base64(std::string_view(s).substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string quotedPrintable(std::string_view text) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      nl = text.size();
    }
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    size_t column = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      const auto u = static_cast<unsigned char>(line[i]);
      const bool last = i + 1 == line.size();
      std::string piece;
      if ((u >= 33 && u <= 126 && u != '=' && !(column == 0 && u == '.')) ||
          ((u == ' ' || u == '\t') && !last)) {
        piece = std::string(1, static_cast<char>(u));
      } else {
        piece = {'=', kHex[u >> 4], kHex[u & 15]};
      }
      if (column + piece.size() > 75) {  // 75 + the soft break's '=' = 76
        out += "=\r\n";
        column = 0;
        if (piece == ".") {
          piece = "=2E";
        }
      }
      out += piece;
      column += piece.size();
    }
    if (nl == text.size()) {
      break;
    }
    out += "\r\n";
    start = nl + 1;
  }
  return out;
}

std::string renderMessage(const MailMessage& m) {
  std::string out;
  out += "Date: " + rfc5322Date(m.dateMs) + "\r\n";
  out += "Message-ID: <" + randomToken(18) + "@" + headerLine(m.messageIdDomain) + ">\r\n";
  out += "From: " + headerLine(m.from) + "\r\n";
  out += "To: " + joinAddresses(m.to) + "\r\n";
  out += "Subject: " + encodeHeaderText(m.subject) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  out += "\r\n";
  out += quotedPrintable(base::utf8::repair(m.body));
  out += "\r\n";
  return out;
}

}  // namespace enp
