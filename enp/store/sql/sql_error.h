#pragma once

// What a statement throws on either back-end: the reason as text and the daemon's status code
// (kConflict for a constraint violation, kUnavailable for a busy or lost database, kStore else).

#include <stdexcept>
#include <string>

#include "enp/common/status.h"

namespace enp::sql {

class Error : public std::runtime_error {
 public:
  Error(StatusCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  StatusCode code() const { return code_; }

 private:
  StatusCode code_;
};

}  // namespace enp::sql
