#pragma once

#include <cctype>
#include <string>

namespace enp::admin {

/// A label or name the console shows and URLs carry: 1..64 characters of letters, digits,
/// '.', '-', '_' and '@'. False with *error "<field>: ...".
inline bool checkLabel(const std::string& value, const std::string& field, std::string* error) {
  if (value.empty() || value.size() > 64) {
    *error = field + ": required, 1 to 64 characters";
    return false;
  }
  for (unsigned char c : value) {
    if (!std::isalnum(c) && c != '.' && c != '-' && c != '_' && c != '@') {
      *error = field + ": only letters, digits and . - _ @ are allowed, got '" + value + "'";
      return false;
    }
  }
  return true;
}

}  // namespace enp::admin
