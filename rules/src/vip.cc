#include <algorithm>

#include "rules/engine.h"
#include "rules/policy.h"
#include "text.h"

namespace rules {
namespace {

using internal::quoted;
using internal::toLower;
using internal::trim;

constexpr std::string_view kExpected = "expected user@domain or @domain, got ";

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && toLower(s.substr(0, prefix.size())) == prefix;
}

// Reduces `"Bob" <bob@x>`, `Bob <bob@x>` and `<bob@x>` to `bob@x`; other text is kept.
std::string_view stripDisplayName(std::string_view s) {
  const size_t close = s.rfind('>');
  if (close == std::string_view::npos || trim(s.substr(close + 1)).size() != 0) {
    return s;
  }
  const size_t open = s.rfind('<', close);
  if (open == std::string_view::npos) {
    return s;
  }
  return trim(s.substr(open + 1, close - open - 1));
}

bool validDomain(std::string_view domain) {
  if (domain.empty() || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(domain.begin(), domain.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           static_cast<unsigned char>(c) >= 0x80;  // IDN in UTF-8.
  });
}

bool validLocalPart(std::string_view local) {
  return !local.empty() && std::none_of(local.begin(), local.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '<' || c == '>' || c == '"' || c == ',' || c == ';';
  });
}

}  // namespace

bool isX500Address(const std::string& address) {
  const std::string_view s = trim(address);
  return startsWith(s, "/o=") || startsWith(s, "/cn=");
}

std::string normalizeVip(const std::string& entry, std::string* error) {
  std::string_view s = stripDisplayName(trim(entry));
  for (std::string_view prefix : {"smtp:", "mailto:"}) {
    if (startsWith(s, prefix)) {
      s = trim(s.substr(prefix.size()));
    }
  }
  if (s.empty()) {
    *error = "empty entry (expected user@domain or @domain)";
    return "";
  }
  if (isX500Address(std::string(s))) {
    *error = "an Exchange X.500 address cannot be a VIP entry, use the SMTP address; got " +
             quoted(entry);
    return "";
  }
  std::string lower = toLower(s);
  if (lower.rfind("*@", 0) == 0) {
    lower.erase(0, 1);
  }
  const size_t at = lower.find('@');
  if (at == std::string::npos) {
    *error = std::string(kExpected) + quoted(entry);
    if (validDomain(lower) && lower.find('.') != std::string::npos) {
      *error += " (for a whole domain write @" + lower + ")";
    }
    return "";
  }
  const std::string_view local = std::string_view(lower).substr(0, at);
  const std::string_view domain = std::string_view(lower).substr(at + 1);
  const bool domainEntry = at == 0;
  if (domain.find('@') != std::string_view::npos || !validDomain(domain) ||
      (!domainEntry && !validLocalPart(local))) {
    *error = std::string(kExpected) + quoted(entry);
    return "";
  }
  return lower;
}

std::string matchingVip(const Policy& policy, const std::string& address) {
  if (isX500Address(address)) {
    return "";
  }
  std::string ignored;
  const std::string normal = normalizeVip(address, &ignored);
  const size_t at = normal.find('@');
  if (normal.empty() || at == 0) {
    return "";
  }
  const std::string domainEntry = normal.substr(at);
  for (const std::string& vip : policy.vips) {
    // Entries are normalised at registration; lower-case again so a hand-built policy works.
    const std::string entry = toLower(trim(vip));
    if (entry == normal || entry == domainEntry) {
      return entry;
    }
  }
  return "";
}

bool isVip(const Policy& policy, const std::string& address) {
  return !matchingVip(policy, address).empty();
}

}  // namespace rules
