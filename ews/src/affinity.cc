#include "ews/affinity.h"

#include <strings.h>

#include <string_view>

#include "soap_request.h"
#include "xml_util.h"

namespace ews {
namespace {

constexpr std::string_view kCookieName = "X-BackEndOverrideCookie";

// RFC 6265 cookie-octet, so the value can be sent back in a Cookie header as it came.
bool isCookieValue(std::string_view v) {
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '"' || c == ',' || c == ';' || c == '\\') {
      return false;
    }
  }
  return !v.empty();
}

void setHeader(Headers& headers, const std::string& name, const std::string& value) {
  for (auto& [key, v] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) {
      v = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

}  // namespace

void addAffinityHeaders(Headers& headers, const std::string& mailbox, const Affinity& affinity) {
  setHeader(headers, "X-AnchorMailbox",
            detail::headerSafe(affinity.anchorMailbox.empty() ? mailbox : affinity.anchorMailbox));
  setHeader(headers, "X-PreferServerAffinity", "true");
  if (isCookieValue(affinity.backEndOverrideCookie)) {
    setHeader(headers, "Cookie", std::string(kCookieName) + "=" + affinity.backEndOverrideCookie);
  }
}

std::string backEndOverrideCookie(const HttpReply& reply) {
  std::string found;
  for (const auto& [name, value] : reply.headers) {
    if (strcasecmp(name.c_str(), "Set-Cookie") != 0) {
      continue;
    }
    const std::string_view pair = std::string_view(value).substr(0, value.find(';'));
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos || xml::trim(pair.substr(0, eq)) != kCookieName) {
      continue;
    }
    const std::string v = xml::trim(pair.substr(eq + 1));
    if (isCookieValue(v)) {
      found = v;  // The last one set wins, as in a browser.
    }
  }
  return found;
}

void updateAffinity(Affinity& affinity, const HttpReply& reply) {
  std::string cookie = backEndOverrideCookie(reply);
  if (!cookie.empty()) {
    affinity.backEndOverrideCookie = std::move(cookie);
  }
}

}  // namespace ews
