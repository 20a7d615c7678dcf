#include "enp/source/mime/encoded_words.h"

#include <optional>

#include "base/utf8.h"
#include "enp/source/mime/charset.h"
#include "enp/source/mime/text_util.h"
#include "enp/source/mime/transfer_encoding.h"

namespace enp::mime {
namespace {

struct EncodedWord {
  std::string charset;
  std::string bytes;  // decoded, still in `charset`
  size_t end = 0;     // position after "?="
};

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string decodeQ(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_') {
      out.push_back(' ');
    } else if (c == '=' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
               hexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The encoded word starting at text[pos] ("=?"), or nullopt when the text there is not one.
std::optional<EncodedWord> parseWord(std::string_view text, size_t pos) {
  const size_t q1 = text.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 == pos + 2 || q1 + 3 >= text.size()) {
    return std::nullopt;
  }
  const char encoding = text[q1 + 1];
  if (text[q1 + 2] != '?') {
    return std::nullopt;
  }
  const size_t start = q1 + 3;
  const size_t close = text.find("?=", start);
  if (close == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view charset = text.substr(pos + 2, q1 - pos - 2);
  const std::string_view payload = text.substr(start, close - start);
  for (char c : charset) {
    if (isSpace(c)) {
      return std::nullopt;
    }
  }
  for (char c : payload) {
    if (isSpace(c)) {
      return std::nullopt;
    }
  }
  EncodedWord word;
  word.charset = lowerAscii(charset);
  if (const size_t star = word.charset.find('*'); star != std::string::npos) {
    word.charset.resize(star);
  }
  if (encoding == 'B' || encoding == 'b') {
    word.bytes = decodeBase64(payload);
  } else if (encoding == 'Q' || encoding == 'q') {
    word.bytes = decodeQ(payload);
  } else {
    return std::nullopt;
  }
  word.end = close + 2;
  return word;
}

}  // namespace

std::string decodeEncodedWords(std::string_view text) {
  std::string out;
  std::string pendingCharset;
  std::string pendingBytes;
  const auto flush = [&] {
    if (!pendingBytes.empty()) {
      out.append(toUtf8(pendingBytes, pendingCharset));
    }
    pendingBytes.clear();
    pendingCharset.clear();
  };
  size_t literalStart = 0;  // start of text not yet copied
  bool lastWasWord = false;
  size_t i = 0;
  while (i < text.size()) {
    const size_t at = text.find("=?", i);
    if (at == std::string_view::npos) {
      break;
    }
    std::optional<EncodedWord> word = parseWord(text, at);
    if (!word) {
      i = at + 2;
      continue;
    }
    std::string_view between = text.substr(literalStart, at - literalStart);
    bool onlySpace = true;
    for (char c : between) {
      onlySpace = onlySpace && isSpace(c);
    }
    if (!(lastWasWord && onlySpace)) {
      flush();
      out.append(base::utf8::repair(between));
    }
    if (!pendingBytes.empty() && pendingCharset != word->charset) {
      flush();
    }
    pendingCharset = word->charset;
    pendingBytes.append(word->bytes);
    lastWasWord = true;
    i = word->end;
    literalStart = word->end;
  }
  flush();
  out.append(base::utf8::repair(text.substr(literalStart)));
  return out;
}

}  // namespace enp::mime
