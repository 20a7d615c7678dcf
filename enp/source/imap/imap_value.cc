#include "enp/source/imap/imap_value.h"

#include <limits>

namespace enp::imap {

std::optional<uint64_t> Value::number() const {
  if (kind != Kind::kAtom || text.empty() || text.size() > 20) {
    return std::nullopt;
  }
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    const auto digit = static_cast<uint64_t>(c - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
      return std::nullopt;
    }
    v = v * 10 + digit;
  }
  return v;
}

std::optional<uint32_t> Value::number32() const {
  const std::optional<uint64_t> v = number();
  if (!v || *v > std::numeric_limits<uint32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(*v);
}

const Value& Value::at(size_t i) const {
  static const Value kNil;
  return kind == Kind::kList && i < items.size() ? items[i] : kNil;
}

}  // namespace enp::imap
