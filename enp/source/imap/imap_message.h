#pragma once

#include <cstdint>
#include <string>

#include "enp/source/mime/message_meta.h"

namespace enp::imap {

/// One new mail read from an IMAP folder.
struct ImapMessage {
  uint32_t uid = 0;
  mime::MessageMeta meta;  ///< From, subject, Date header (RFC 3339), snippet.
  std::string received;    ///< INTERNALDATE as RFC 3339 UTC (when the server got it); may be "".
  bool seen = false;       ///< \Seen was set (by the user's own client; ENP never sets it).
};

/// The state of the examined folder.
struct MailboxState {
  uint32_t uidValidity = 0;  ///< 0 when the server did not say.
  uint32_t uidNext = 0;      ///< The UID the next mail will get; 0 when unknown.
  uint32_t exists = 0;       ///< Messages in the folder.
};

}  // namespace enp::imap
