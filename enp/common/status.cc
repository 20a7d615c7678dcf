#include "enp/common/status.h"

namespace enp {

const char* toString(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalid:
      return "invalid";
    case StatusCode::kNotFound:
      return "not found";
    case StatusCode::kConflict:
      return "conflict";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kStore:
      return "store";
    case StatusCode::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string Status::toString() const {
  if (ok()) {
    return "ok";
  }
  return std::string(enp::toString(code_)) + ": " + message_;
}

}  // namespace enp
