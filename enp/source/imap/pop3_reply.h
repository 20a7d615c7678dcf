#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "enp/common/status.h"

namespace enp::imap {

/// One POP3 reply (RFC 1939 §3): "+OK text" or "-ERR text", and for multi-line replies the
/// lines up to the terminating ".", dot-unstuffed, without line breaks.
struct Pop3Reply {
  bool ok = false;
  std::string text;  ///< After "+OK " / "-ERR " (may start with an RFC 3206 code: "[AUTH] ...").
  std::vector<std::string> lines;
};

/// Frames the bytes a POP3 server sends into replies; like ResponseReader it does no I/O.
/// The caller says whether the reply it waits for is multi-line (only a +OK one is). Caps:
/// a line over 64 KiB or a reply over 8 MiB is an error (kProtocol). After an error, close.
/// Thread safety: none.
class Pop3ReplyReader {
 public:
  void feed(std::string_view bytes) { buffer_.append(bytes); }

  /// The next reply when complete; nullopt when more bytes are needed.
  Result<std::optional<Pop3Reply>> next(bool multiLine);

 private:
  std::string buffer_;
};

}  // namespace enp::imap
