#include "enp/sink/snippet.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "enp/sink/unicode_text.h"

namespace enp {
namespace {

struct NamedEntity {
  std::string_view name;
  char32_t cp;
};

constexpr std::array<NamedEntity, 20> kEntities = {{
    {"amp", U'&'},     {"lt", U'<'},       {"gt", U'>'},      {"quot", U'"'},    {"apos", U'\''},
    {"nbsp", 0x00A0},  {"shy", 0x00AD},    {"copy", 0x00A9},  {"reg", 0x00AE},   {"trade", 0x2122},
    {"euro", 0x20AC},  {"hellip", 0x2026}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"ldquo", 0x201C},  {"rdquo", 0x201D}, {"bull", 0x2022},  {"middot", 0x00B7},
}};

// Elements whose content is not text to show.
constexpr std::array<std::string_view, 3> kDroppedContent = {"script", "style", "title"};

// Elements that separate words when rendered; any other tag vanishes without a space.
constexpr std::array<std::string_view, 36> kBlockTags = {
    "address",    "article", "aside",  "blockquote", "br", "dd",    "div", "dl",    "dt",
    "figcaption", "figure",  "footer", "form",       "h1", "h2",    "h3",  "h4",    "h5",
    "h6",         "header",  "hr",     "img",        "li", "main",  "nav", "ol",    "p",
    "pre",        "section", "table",  "tbody",      "td", "tfoot", "th",  "thead", "tr"};

bool isAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool isTagSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char toLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

template <size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view name) {
  for (std::string_view item : list) {
    if (item == name) {
      return true;
    }
  }
  return false;
}

// Position just past the '>' that ends the tag starting at `from`, honouring quoted attribute
// values; text.size() when the tag never ends.
size_t skipTag(std::string_view text, size_t from) {
  char quote = 0;
  for (size_t i = from; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return text.size();
}

// Position just past "</name ...>" (case-insensitive), or text.size() when it is missing.
size_t skipPastClosing(std::string_view text, size_t from, std::string_view name) {
  for (size_t i = text.find("</", from); i != std::string_view::npos; i = text.find("</", i + 2)) {
    size_t j = i + 2;
    size_t k = 0;
    while (k < name.size() && j < text.size() && toLowerAscii(text[j]) == name[k]) {
      ++j;
      ++k;
    }
    if (k == name.size() && (j == text.size() || !isAsciiAlpha(text[j]))) {
      return skipTag(text, j);
    }
  }
  return text.size();
}

// Handles the '<' at `pos`: skips a tag, comment or declaration and returns the position after it,
// or returns pos when the '<' is plain text.
size_t skipMarkup(std::string_view text, size_t pos, std::string& out) {
  const std::string_view rest = text.substr(pos);
  if (rest.starts_with("<!--")) {
    const size_t end = text.find("-->", pos + 4);
    return end == std::string_view::npos ? text.size() : end + 3;
  }
  if (rest.size() > 1 && (rest[1] == '!' || rest[1] == '?')) {
    return skipTag(text, pos + 2);
  }
  const bool closing = rest.size() > 1 && rest[1] == '/';
  size_t i = pos + (closing ? 2 : 1);
  if (i >= text.size() || !isAsciiAlpha(text[i])) {
    return pos;
  }
  std::string name;
  while (i < text.size() &&
         (isAsciiAlpha(text[i]) || isAsciiDigit(text[i]) || text[i] == '-' || text[i] == ':')) {
    name.push_back(toLowerAscii(text[i]));
    ++i;
  }
  if (i < text.size() && !isTagSpace(text[i]) && text[i] != '/' && text[i] != '>') {
    return pos;  // "<3x" or "a<b+c": not a tag.
  }
  const size_t end = skipTag(text, i);
  if (contains(kBlockTags, name)) {
    out.push_back(' ');
  }
  const bool selfClosing =
      end >= 2 && end <= text.size() && text[end - 1] == '>' && text[end - 2] == '/';
  if (!closing && !selfClosing && contains(kDroppedContent, name)) {
    return skipPastClosing(text, end, name);
  }
  return end;
}

// Handles the '&' at `pos`: appends the decoded character and returns the position after the
// reference, or returns pos when it is not a reference we decode.
size_t decodeEntity(std::string_view text, size_t pos, std::string& out) {
  size_t i = pos + 1;
  if (i < text.size() && text[i] == '#') {
    ++i;
    const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
    i += hex ? 1 : 0;
    const size_t digitsStart = i;
    uint32_t value = 0;
    while (i < text.size() && i - digitsStart < 8) {
      const char c = toLowerAscii(text[i]);
      int digit = -1;
      if (isAsciiDigit(c)) {
        digit = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      }
      if (digit < 0) {
        break;
      }
      value = value * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
      ++i;
    }
    if (i == digitsStart) {
      return pos;
    }
    i += (i < text.size() && text[i] == ';') ? 1 : 0;
    const bool valid = value != 0 && value <= 0x10FFFF && !(value >= 0xD800 && value <= 0xDFFF);
    unicode::appendUtf8(out, valid ? static_cast<char32_t>(value) : unicode::kReplacement);
    return i;
  }
  const size_t semicolon = text.find(';', i);
  if (semicolon == std::string_view::npos || semicolon - i > 8) {
    return pos;
  }
  const std::string_view name = text.substr(i, semicolon - i);
  for (const NamedEntity& entity : kEntities) {
    if (entity.name == name) {
      unicode::appendUtf8(out, entity.cp);
      return semicolon + 1;
    }
  }
  return pos;
}

// HTML to text: tags and comments removed, dropped elements' content removed, entities decoded.
std::string stripHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    size_t next = i;
    if (c == '<') {
      next = skipMarkup(text, i, out);
    } else if (c == '&') {
      next = decodeEntity(text, i, out);
    }
    if (next == i) {
      out.push_back(c);
      ++i;
    } else {
      i = next;
    }
  }
  return out;
}

// makeCleanLine() on bytes, for text whose first maxChars + 1 characters (once collapsed) are
// ASCII, as most names, addresses and subjects are: the same line without decoding into code
// points. ASCII's spaces and controls are bytes up to 0x20 and 0x7F; no ASCII character extends
// a cluster, so the cut falls where the ellipsis needs it. nullopt at the first other byte.
std::optional<std::string> cleanAsciiLine(std::string_view text, size_t maxChars) {
  std::string line;
  line.reserve(std::min(text.size(), maxChars + 1));
  bool pendingSpace = false;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80) {
      return std::nullopt;
    }
    if (b <= 0x20 || b == 0x7F) {
      pendingSpace = !line.empty();
      continue;
    }
    if (pendingSpace) {
      line += ' ';
      pendingSpace = false;
    }
    line += c;
    if (line.size() > maxChars) {
      break;  // cut: what follows does not change the line
    }
  }
  if (line.size() <= maxChars) {
    return line;
  }
  size_t keep = maxChars - 1;  // room for the ellipsis
  while (keep > 0 && line[keep - 1] == ' ') {
    --keep;
  }
  line.resize(keep);
  line.append(kEllipsis);
  return line;
}

}  // namespace

std::string makeSnippet(std::string_view text, size_t maxChars) {
  if (maxChars == 0) {
    return {};
  }
  return makeCleanLine(stripHtml(text), maxChars);
}

std::string makeCleanLine(std::string_view text, size_t maxChars) {
  if (maxChars == 0) {
    return {};
  }
  if (std::optional<std::string> ascii = cleanAsciiLine(text, maxChars)) {
    return *std::move(ascii);
  }
  return unicode::cutToLength(unicode::collapseSpaces(unicode::decodeUtf8(text)), maxChars);
}

}  // namespace enp
