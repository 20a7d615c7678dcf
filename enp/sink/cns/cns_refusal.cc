#include "enp/sink/cns/cns_refusal.h"

#include <algorithm>
#include <cctype>

#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"

namespace enp {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// One printable line, bounded: control characters become spaces, runs of blanks one space.
std::string sanitise(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const char keep = (u < 0x20 || u == 0x7f) ? ' ' : c;
    if (keep == ' ' && (out.empty() || out.back() == ' ')) {
      continue;
    }
    out.push_back(keep);
    if (out.size() >= kMaxCnsReason) {
      break;
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  // Do not end inside a UTF-8 sequence.
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
    out.pop_back();
  }
  if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) {
    out.pop_back();
  }
  return out;
}

std::string fromJson(std::string_view body) {
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var parsed = parser.parse(std::string(body));
    const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    if (!object) {
      return "";
    }
    std::string code;
    if (object->has("error") && object->get("error").isString()) {
      code = object->getValue<std::string>("error");
    }
    for (const char* field : {"error_description", "message", "detail", "title"}) {
      if (object->has(field) && object->get(field).isString()) {
        const std::string text = object->getValue<std::string>(field);
        if (!text.empty()) {
          return code.empty() || code == text ? text : code + ": " + text;
        }
      }
    }
    return code;
  } catch (const std::exception&) {
    return "";
  }
}

// The quoted value of `name=` in an RFC 6750 challenge, where `name` starts a parameter
// (not inside another name: error= is not error_description=); "" when absent.
std::string challengeParam(std::string_view header, std::string_view name) {
  for (size_t at = header.find(name); at != std::string_view::npos;
       at = header.find(name, at + 1)) {
    const bool starts =
        at == 0 || header[at - 1] == ' ' || header[at - 1] == ',' || header[at - 1] == '\t';
    size_t i = at + name.size();
    while (i < header.size() && header[i] == ' ') {
      ++i;
    }
    if (!starts || i >= header.size() || header[i] != '=') {
      continue;
    }
    ++i;
    while (i < header.size() && header[i] == ' ') {
      ++i;
    }
    if (i < header.size() && header[i] == '"') {
      const size_t close = header.find('"', i + 1);
      return std::string(header.substr(
          i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1));
    }
    const size_t end = header.find_first_of(", ", i);
    return std::string(header.substr(i, end == std::string_view::npos ? end : end - i));
  }
  return "";
}

// RFC 6750 §3: Bearer error="invalid_token", error_description="The access token expired".
std::string fromWwwAuthenticate(std::string_view header) {
  const std::string code = challengeParam(header, "error");
  const std::string description = challengeParam(header, "error_description");
  if (description.empty()) {
    return code;
  }
  return code.empty() ? description : code + ": " + description;
}

std::string firstLine(std::string_view body) {
  const size_t end = body.find_first_of("\r\n");
  return std::string(body.substr(0, end));
}

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// `word` standing on its own in `text` (a regular expression's \bword\b).
bool hasWord(const std::string& text, std::string_view word) {
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const size_t after = at + word.size();
    if ((at == 0 || !isWordChar(text[at - 1])) &&
        (after >= text.size() || !isWordChar(text[after]))) {
      return true;
    }
  }
  return false;
}

bool anyWord(const std::string& text, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return hasWord(text, w); });
}

bool anyPart(const std::string& text, std::initializer_list<std::string_view> parts) {
  return std::any_of(parts.begin(), parts.end(),
                     [&](std::string_view p) { return text.find(p) != std::string::npos; });
}

std::string settingFor(long status, const std::string& reasonLower) {
  if (anyWord(reasonLower, {"aud", "audience"})) {
    return "audience";
  }
  if (anyWord(reasonLower, {"kid"}) || anyPart(reasonLower, {"key id", "keyid"})) {
    return "keyId";
  }
  if (anyWord(reasonLower, {"alg", "algorithm", "jws"}) || anyPart(reasonLower, {"signature"})) {
    return "algorithm";
  }
  if (anyWord(reasonLower, {"iss", "issuer"}) ||
      anyPart(reasonLower, {"organization", "organisation"})) {
    return "organizationId";
  }
  if (anyPart(reasonLower, {"bearer", "access token", "api key"})) {
    return "token";
  }
  if (anyWord(reasonLower, {"exp", "expired", "iat", "nbf"}) ||
      anyPart(reasonLower, {"clock", "not yet valid"})) {
    return "clock";
  }
  switch (status) {
    case 401:
      return "token";
    case 403:
      return "organizationId";
    case 404:
    case 405:
      return "url";
    default:
      return "";
  }
}

}  // namespace

CnsRefusal readCnsRefusal(long status, std::string_view contentType, std::string_view body,
                          std::string_view wwwAuthenticate) {
  const std::string type = lower(contentType);
  std::string reason;
  if (type.find("json") != std::string::npos) {
    reason = fromJson(body);
  }
  if (reason.empty() && !wwwAuthenticate.empty()) {
    reason = fromWwwAuthenticate(wwwAuthenticate);
  }
  if (reason.empty() && type.rfind("text/plain", 0) == 0) {
    reason = firstLine(body);
  }
  CnsRefusal out;
  out.reason = sanitise(reason);
  out.setting = settingFor(status, lower(out.reason));
  return out;
}

std::string cnsSettingLabel(std::string_view setting) {
  static const std::pair<const char*, const char*> kLabels[] = {
      {"token", "Bearer token"},
      {"audience", "Audience"},
      {"keyId", "Key id"},
      {"algorithm", "Signing algorithm and key"},
      {"organizationId", "Organisation id"},
      {"url", "CNS URL"},
      {"clock", "this server's clock (the token's iat/exp)"},
  };
  for (const auto& [name, label] : kLabels) {
    if (setting == name) {
      return label;
    }
  }
  return "";
}

}  // namespace enp
