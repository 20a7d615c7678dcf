#pragma once

#include <string>

namespace enp::mime {

/// What a notification needs of one mail, as IMAP and POP3 read it: all UTF-8, plain text.
struct MessageMeta {
  std::string fromName;     ///< Display name of the first From mailbox; may be empty.
  std::string fromAddress;  ///< Its address ("alice@example.com"); may be empty.
  std::string subject;      ///< Encoded words decoded; may be empty.
  std::string date;         ///< RFC 3339 in UTC from the Date header; "" when absent or unreadable.
  std::string snippet;      ///< The start of the first text part as plain text (HTML stripped).
};

}  // namespace enp::mime
