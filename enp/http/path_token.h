#pragma once

#include <cctype>
#include <string_view>

namespace enp::http {

/// True for a token ENP hands out in a URL path (callback tokens, registration ids): 1 to 128
/// characters of [A-Za-z0-9_-] (base64url). Anything else in that place is answered 404.
inline bool isPathToken(std::string_view s) {
  if (s.empty() || s.size() > 128) {
    return false;
  }
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return false;
    }
  }
  return true;
}

}  // namespace enp::http
