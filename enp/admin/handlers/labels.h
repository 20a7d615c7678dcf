#pragma once

#include <cctype>
#include <string>

#include "enp/common/status.h"

namespace enp::admin {

/// A label or name the console shows and URLs carry: 1..64 characters of letters, digits,
/// '.', '-', '_' and '@'. kInvalid "<field>: ..." otherwise.
inline Status checkLabel(const std::string& value, const std::string& field) {
  if (value.empty() || value.size() > 64) {
    return Status::invalid(field + ": required, 1 to 64 characters");
  }
  for (unsigned char c : value) {
    if (!std::isalnum(c) && c != '.' && c != '-' && c != '_' && c != '@') {
      return Status::invalid(field + ": only letters, digits and . - _ @ are allowed, got '" +
                             value + "'");
    }
  }
  return Status();
}

}  // namespace enp::admin
