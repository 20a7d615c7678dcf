#include "enp/source/mime/header_fields.h"

#include "base/utf8.h"
#include "enp/source/mime/encoded_words.h"
#include "enp/source/mime/text_util.h"

namespace enp::mime {
namespace {

constexpr size_t kMaxFields = 1000;

// Removes a pair of surrounding double quotes and backslash escapes.
std::string unquote(std::string_view s) {
  s = trimSpaces(s);
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') {
    return std::string(s);
  }
  std::string out;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) {
      ++i;
    }
    out.push_back(s[i]);
  }
  return out;
}

// Splits `value` at ';' outside quoted strings.
std::vector<std::string_view> splitParams(std::string_view value) {
  std::vector<std::string_view> out;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (quoted && c == '\\') {
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ';' && !quoted) {
      out.push_back(value.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(value.substr(start));
  return out;
}

// Collapses runs of spaces and trims: for display names assembled from several tokens.
std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trimSpaces(s)) {
    const bool isSpace = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (isSpace) {
      space = true;
      continue;
    }
    if (space && !out.empty()) {
      out.push_back(' ');
    }
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const HeaderField& f : fields) {
    if (equalsIgnoreCase(f.name, name)) {
      return std::string_view(f.value);
    }
  }
  return std::nullopt;
}

size_t bodyOffset(std::string_view text) {
  if (text.starts_with("\r\n")) {
    return 2;
  }
  if (text.starts_with("\n")) {
    return 1;
  }
  for (size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
    if (i + 1 < text.size() && text[i + 1] == '\n') {
      return i + 2;
    }
    if (i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') {
      return i + 3;
    }
  }
  return text.size();
}

Headers parseHeaders(std::string_view text) {
  Headers headers;
  const std::string_view block = text.substr(0, bodyOffset(text));
  size_t pos = 0;
  while (pos < block.size() && headers.fields.size() < kMaxFields) {
    size_t end = block.find('\n', pos);
    if (end == std::string_view::npos) {
      end = block.size();
    }
    std::string_view line = block.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      break;
    }
    if ((line.front() == ' ' || line.front() == '\t')) {
      if (!headers.fields.empty()) {
        headers.fields.back().value.append(line);
      }
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      continue;
    }
    headers.fields.push_back(
        {std::string(trimSpaces(line.substr(0, colon))), std::string(line.substr(colon + 1))});
  }
  for (HeaderField& f : headers.fields) {
    f.value = std::string(trimSpaces(f.value));
  }
  return headers;
}

std::string ContentType::param(const std::string& name) const {
  const auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

ContentType parseContentType(std::string_view value) {
  ContentType ct;
  const std::vector<std::string_view> parts = splitParams(value);
  const std::string_view mediaType = trimSpaces(parts.front());
  const size_t slash = mediaType.find('/');
  if (slash != std::string_view::npos && slash > 0 && slash + 1 < mediaType.size()) {
    ct.type = lowerAscii(trimSpaces(mediaType.substr(0, slash)));
    ct.subtype = lowerAscii(trimSpaces(mediaType.substr(slash + 1)));
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    const size_t eq = parts[i].find('=');
    if (eq == std::string_view::npos) {
      continue;
    }
    const std::string name = lowerAscii(trimSpaces(parts[i].substr(0, eq)));
    if (!name.empty() && !ct.params.contains(name)) {
      ct.params[name] = unquote(parts[i].substr(eq + 1));
    }
  }
  return ct;
}

std::string dispositionType(std::string_view value) {
  return lowerAscii(trimSpaces(splitParams(value).front()));
}

MailAddress parseFirstAddress(std::string_view value) {
  // One pass over the first mailbox: quoted strings, comments and <angle addresses> are tokens;
  // a top-level ',' ends the mailbox, a ':' before any '<' opens a group.
  std::string phrase;   // text outside <>, comments removed
  std::string comment;  // the first comment, the "a@b (Name)" form's name
  std::string angle;
  bool sawAngle = false;
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '"') {
      size_t j = i + 1;
      std::string quoted;
      while (j < value.size() && value[j] != '"') {
        if (value[j] == '\\' && j + 1 < value.size()) {
          ++j;
        }
        quoted.push_back(value[j]);
        ++j;
      }
      phrase.append(quoted);
      i = j;
    } else if (c == '(') {
      int depth = 1;
      size_t j = i + 1;
      std::string text;
      while (j < value.size() && depth > 0) {
        if (value[j] == '\\' && j + 1 < value.size()) {
          text.push_back(value[j + 1]);
          j += 2;
          continue;
        }
        depth += value[j] == '(' ? 1 : (value[j] == ')' ? -1 : 0);
        if (depth > 0) {
          text.push_back(value[j]);
        }
        ++j;
      }
      if (comment.empty()) {
        comment = text;
      }
      i = j - 1;
    } else if (c == '<') {
      const size_t close = value.find('>', i + 1);
      angle = std::string(
          value.substr(i + 1, close == std::string_view::npos ? std::string::npos : close - i - 1));
      sawAngle = true;
      if (close == std::string_view::npos) {
        break;
      }
      i = close;
    } else if (c == ':' && !sawAngle) {
      phrase.clear();  // a group's name
      comment.clear();
    } else if (c == ',' || c == ';') {
      if (sawAngle || !trimSpaces(phrase).empty()) {
        break;
      }
      phrase.clear();
    } else {
      phrase.push_back(c);
    }
  }
  MailAddress out;
  if (sawAngle) {
    out.address = collapse(angle);
    out.name = collapse(decodeEncodedWords(collapse(phrase)));
  } else {
    out.address = collapse(phrase);
    out.name = collapse(decodeEncodedWords(collapse(comment)));
  }
  // A route in an angle address ("<@relay:a@b>") is obsolete; keep the mailbox.
  if (const size_t colon = out.address.rfind(':'); colon != std::string::npos) {
    out.address = out.address.substr(colon + 1);
  }
  out.address = base::utf8::repair(out.address);
  return out;
}

}  // namespace enp::mime
