#include "enp/source/imap/response_parser.h"

#include <string>
#include <utility>

#include "enp/source/imap/mailbox_error.h"

namespace enp::imap {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string upperCase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = upper(c);
  }
  return out;
}

// Characters that end an atom (RFC 3501 atom-specials, without '%' and '*' which servers use in
// atoms, and with ']' which ends a response code).
bool endsAtom(char c) {
  return c == ' ' || c == '(' || c == ')' || c == '{' || c == '"' || c == '\r' || c == '\n' ||
         c == ']' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
}

// A cursor over one raw response.
class Parser {
 public:
  Parser(std::string_view raw, const ParserLimits& limits) : s_(raw), limits_(limits) {}

  bool atEnd() const { return pos_ >= s_.size(); }
  bool atLineEnd() const { return atEnd() || s_[pos_] == '\r' || s_[pos_] == '\n'; }
  char peek() const { return atEnd() ? '\0' : s_[pos_]; }

  void skipSpaces() {
    while (!atEnd() && s_[pos_] == ' ') {
      ++pos_;
    }
  }

  bool consume(char c) {
    if (peek() == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  // The rest of the line, without CRLF.
  std::string restOfLine() {
    const size_t start = pos_;
    while (!atLineEnd()) {
      ++pos_;
    }
    return std::string(s_.substr(start, pos_ - start));
  }

  // An atom; FETCH item names keep their "[section]" (spaces and parentheses included) and
  // "<origin>".
  Result<std::string> atom() {
    const size_t start = pos_;
    while (!atEnd() && !endsAtom(s_[pos_])) {
      if (s_[pos_] == '[') {
        const size_t close = s_.find(']', pos_);
        const size_t lineEnd = s_.find('\n', pos_);
        if (close == std::string_view::npos || close > lineEnd) {
          return error("unclosed '['");
        }
        pos_ = close + 1;
        if (peek() == '<') {
          const size_t gt = s_.find('>', pos_);
          if (gt == std::string_view::npos || gt > lineEnd) {
            return error("unclosed '<'");
          }
          pos_ = gt + 1;
        }
        continue;
      }
      ++pos_;
    }
    if (pos_ == start) {
      return error("atom expected");
    }
    return std::string(s_.substr(start, pos_ - start));
  }

  Result<std::string> quoted() {
    ++pos_;  // '"'
    std::string out;
    while (!atEnd()) {
      const char c = s_[pos_++];
      if (c == '"') {
        return out;
      }
      if (c == '\r' || c == '\n') {
        break;
      }
      if (c == '\\') {
        if (atEnd()) {
          break;
        }
        out.push_back(s_[pos_++]);
        continue;
      }
      out.push_back(c);
    }
    return error("unterminated quoted string");
  }

  Result<std::string> literal() {
    ++pos_;  // '{'
    uint64_t n = 0;
    const size_t digitsStart = pos_;
    while (isDigit(peek()) && pos_ - digitsStart < 12) {
      n = n * 10 + static_cast<uint64_t>(s_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == digitsStart) {
      return error("literal size expected");
    }
    consume('+');
    if (!consume('}')) {
      return error("'}' expected");
    }
    consume('\r');
    if (!consume('\n')) {
      return error("line break after literal size expected");
    }
    if (n > limits_.maxLiteralBytes) {
      return error("literal of " + std::to_string(n) + " bytes over the limit");
    }
    if (s_.size() - pos_ < n) {
      return error("literal cut short");
    }
    std::string out(s_.substr(pos_, static_cast<size_t>(n)));
    pos_ += static_cast<size_t>(n);
    return out;
  }

  Result<Value> value(int depth) {
    skipSpaces();
    const char c = peek();
    Value v;
    if (c == '(') {
      if (depth >= limits_.maxDepth) {
        return error("lists nested deeper than " + std::to_string(limits_.maxDepth));
      }
      ++pos_;
      v.kind = Value::Kind::kList;
      while (true) {
        skipSpaces();
        if (consume(')')) {
          return v;
        }
        if (atEnd() || atLineEnd()) {
          return error("')' expected");
        }
        Result<Value> item = value(depth + 1);
        if (!item.ok()) {
          return item.error();
        }
        v.items.push_back(std::move(item).value());
      }
    }
    if (c == '"') {
      Result<std::string> q = quoted();
      if (!q.ok()) {
        return q.error();
      }
      v.kind = Value::Kind::kString;
      v.text = std::move(q).value();
      return v;
    }
    if (c == '{') {
      Result<std::string> l = literal();
      if (!l.ok()) {
        return l.error();
      }
      v.kind = Value::Kind::kString;
      v.text = std::move(l).value();
      return v;
    }
    Result<std::string> a = atom();
    if (!a.ok()) {
      return a.error();
    }
    if (upperCase(*a) == "NIL") {
      return v;
    }
    v.kind = Value::Kind::kAtom;
    v.text = std::move(a).value();
    return v;
  }

  // Values up to the end of the response.
  Status values(std::vector<Value>* out) {
    while (true) {
      skipSpaces();
      if (atLineEnd()) {
        return Status();
      }
      Result<Value> v = value(0);
      if (!v.ok()) {
        return v.error();
      }
      out->push_back(std::move(v).value());
    }
  }

  // resp-text: an optional "[CODE args]" then text.
  Status respText(Response* r) {
    skipSpaces();
    if (consume('[')) {
      const size_t start = pos_;
      while (!atLineEnd() && peek() != ' ' && peek() != ']') {
        ++pos_;
      }
      r->code = upperCase(s_.substr(start, pos_ - start));
      if (r->code.empty()) {
        return error("response code expected");
      }
      skipSpaces();
      const size_t argsStart = pos_;
      int parens = 0;
      while (!atLineEnd() && (peek() != ']' || parens > 0)) {
        parens += peek() == '(' ? 1 : (peek() == ')' ? -1 : 0);
        ++pos_;
      }
      r->codeArgs = std::string(s_.substr(argsStart, pos_ - argsStart));
      if (!consume(']')) {
        return error("']' expected");
      }
      skipSpaces();
    }
    r->text = restOfLine();
    return Status();
  }

  Status error(const std::string& what) const {
    return mailboxError(MailboxErrorKind::kProtocol, "unreadable server response (" + what +
                                                         " at byte " + std::to_string(pos_) + ")");
  }

 private:
  std::string_view s_;
  const ParserLimits& limits_;
  size_t pos_ = 0;
};

bool isStatusWord(const std::string& word) {
  return word == "OK" || word == "NO" || word == "BAD" || word == "PREAUTH" || word == "BYE";
}

// Keywords whose values ENP reads; others are parsed leniently.
bool isKnownData(const std::string& keyword) {
  return keyword == "FETCH" || keyword == "CAPABILITY" || keyword == "SEARCH" ||
         keyword == "STATUS" || keyword == "EXISTS" || keyword == "EXPUNGE" || keyword == "RECENT";
}

}  // namespace

Result<Response> parseResponse(std::string_view raw, const ParserLimits& limits) {
  Parser p(raw, limits);
  Response r;
  if (p.consume('+')) {
    r.type = Response::Type::kContinuation;
    p.consume(' ');
    r.text = p.restOfLine();
    return r;
  }
  if (p.consume('*')) {
    r.type = Response::Type::kUntagged;
    if (!p.consume(' ')) {
      return p.error("space expected");
    }
    p.skipSpaces();
    Result<std::string> first = p.atom();
    if (!first.ok()) {
      return first.error();
    }
    Value firstValue{Value::Kind::kAtom, *first, {}};
    if (const std::optional<uint32_t> n = firstValue.number32()) {
      r.number = n;
      p.skipSpaces();
      Result<std::string> keyword = p.atom();
      if (!keyword.ok()) {
        return keyword.error();
      }
      r.keyword = upperCase(*keyword);
    } else {
      r.keyword = upperCase(*first);
    }
    if (isStatusWord(r.keyword) && !r.number) {
      r.status = r.keyword;
      r.keyword.clear();
      if (Status s = p.respText(&r); !s.ok()) {
        return s;
      }
      return r;
    }
    Status s = p.values(&r.data);
    if (!s.ok()) {
      if (isKnownData(r.keyword)) {
        return s;
      }
      r.data.clear();
    }
    if (r.keyword == "FETCH" && (r.data.size() != 1 || !r.data[0].isList() || !r.number)) {
      return p.error("FETCH without a list of items");
    }
    return r;
  }
  r.type = Response::Type::kTagged;
  Result<std::string> tag = p.atom();
  if (!tag.ok()) {
    return tag.error();
  }
  r.tag = std::move(tag).value();
  p.skipSpaces();
  Result<std::string> status = p.atom();
  if (!status.ok()) {
    return status.error();
  }
  r.status = upperCase(*status);
  if (r.status != "OK" && r.status != "NO" && r.status != "BAD") {
    return p.error("OK, NO or BAD expected");
  }
  if (Status s = p.respText(&r); !s.ok()) {
    return s;
  }
  return r;
}

}  // namespace enp::imap
