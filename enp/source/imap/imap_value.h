#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace enp::imap {

/// One value of IMAP's response grammar (RFC 3501 §4): an atom (also numbers, flags such as
/// \Seen and FETCH item names such as BODY[1]<0>), a string (quoted or literal; the same to a
/// reader), NIL, or a parenthesised list.
struct Value {
  enum class Kind { kAtom, kString, kNil, kList };

  Kind kind = Kind::kNil;
  std::string text;          ///< The atom or the string's content.
  std::vector<Value> items;  ///< The list's values.

  bool isAtom() const { return kind == Kind::kAtom; }
  bool isString() const { return kind == Kind::kString; }
  bool isNil() const { return kind == Kind::kNil; }
  bool isList() const { return kind == Kind::kList; }

  /// The atom's or string's text, "" for NIL or a list (nstring's reading).
  std::string_view str() const {
    return kind == Kind::kAtom || kind == Kind::kString ? std::string_view(text) : "";
  }

  /// The number an atom of digits holds, when it fits in 64 bits.
  std::optional<uint64_t> number() const;

  /// The number as a 32-bit UID/sequence number (RFC 3501 nz-number, 1..2^32-1).
  std::optional<uint32_t> number32() const;

  /// The item at `i` of a list, or a NIL value when there is none (missing trailing fields).
  const Value& at(size_t i) const;
};

}  // namespace enp::imap
