#include "enp/sink/cns/cns_refusal.h"

#include <algorithm>
#include <cctype>
#include <regex>

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

// RFC 6750 §3: Bearer error="invalid_token", error_description="The access token expired".
std::string fromWwwAuthenticate(std::string_view header) {
  const std::string text(header);
  std::smatch m;
  std::string code, description;
  if (std::regex_search(text, m, std::regex(R"(error_description\s*=\s*"([^"]*)\")"))) {
    description = m[1];
  }
  if (std::regex_search(text, m, std::regex(R"((^|[\s,])error\s*=\s*"([^"]*)\")"))) {
    code = m[2];
  }
  if (description.empty()) {
    return code;
  }
  return code.empty() ? description : code + ": " + description;
}

std::string firstLine(std::string_view body) {
  const size_t end = body.find_first_of("\r\n");
  return std::string(body.substr(0, end));
}

bool mentions(const std::string& text, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const char* w) { return std::regex_search(text, std::regex(w)); });
}

std::string settingFor(long status, const std::string& reasonLower) {
  if (mentions(reasonLower, {R"(\baud(ience)?\b)"})) {
    return "audience";
  }
  if (mentions(reasonLower, {R"(\bkid\b)", R"(key ?id)"})) {
    return "keyId";
  }
  if (mentions(reasonLower, {R"(\balg(orithm)?\b)", R"(signature)", R"(\bjws\b)"})) {
    return "algorithm";
  }
  if (mentions(reasonLower, {R"(\biss(uer)?\b)", R"(organi[sz]ation)"})) {
    return "organizationId";
  }
  if (mentions(reasonLower, {R"(bearer)", R"(access token)", R"(api key)"})) {
    return "token";
  }
  if (mentions(reasonLower,
               {R"(\bexp(ired)?\b)", R"(\biat\b)", R"(\bnbf\b)", R"(clock)", R"(not yet valid)"})) {
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
