#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "enp/source/imap/imap_value.h"

namespace enp::imap {

/// Caps on what a server may send (a hostile or broken server must not exhaust memory or stack).
/// The defaults fit every answer ENP asks for: it fetches at most a few KiB of any body part.
struct ParserLimits {
  size_t maxLineBytes = 64 * 1024;            ///< One line between literals, CRLF included.
  size_t maxLiteralBytes = 1024 * 1024;       ///< One literal's announced size.
  size_t maxResponseBytes = 8 * 1024 * 1024;  ///< A whole response with its literals.
  int maxDepth = 32;                          ///< Nesting of parenthesised lists.
};

/// One server response (RFC 3501 §7): a tagged completion, untagged data or status, or a
/// command continuation request.
struct Response {
  enum class Type { kTagged, kUntagged, kContinuation };

  Type type = Type::kUntagged;
  std::string tag;  ///< kTagged only.

  /// Status responses (tagged; untagged OK/NO/BAD/PREAUTH/BYE): the upper-case status, the
  /// response code's upper-case name and raw arguments ("UIDVALIDITY", "3857529045"), and the
  /// human-readable text. Empty for data responses.
  std::string status;
  std::string code;
  std::string codeArgs;
  std::string text;  ///< Also a continuation's text (or base64 challenge).

  /// Data responses: the message number of "* 23 EXISTS" / "* 5 FETCH (...)", the upper-case
  /// keyword (EXISTS, EXPUNGE, RECENT, FETCH, CAPABILITY, SEARCH, FLAGS, STATUS, LIST, ID, ...)
  /// and the values after it (for FETCH one list).
  std::optional<uint32_t> number;
  std::string keyword;
  std::vector<Value> data;

  bool isStatus() const { return !status.empty(); }
};

}  // namespace enp::imap
