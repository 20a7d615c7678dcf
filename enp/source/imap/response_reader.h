#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "enp/common/status.h"
#include "enp/source/imap/response.h"

namespace enp::imap {

/// Frames the bytes a server sends into responses and parses them (parseResponse): it is fed
/// whatever the socket delivered, in pieces of any size, and hands out each response once its
/// last line (after any literals) is complete. No I/O of its own, so a blocking driver and an
/// event loop use it alike.
/// Limits: a line over limits.maxLineBytes, a literal over maxLiteralBytes or a response over
/// maxResponseBytes is an error as soon as it is announced or exceeded, before it is buffered.
/// After an error the stream cannot be resynchronised: close the connection.
/// Thread safety: none (one connection, one thread at a time).
class ResponseReader {
 public:
  explicit ResponseReader(ParserLimits limits = {}) : limits_(limits) {}

  /// Appends bytes received from the server.
  void feed(std::string_view bytes);

  /// The next complete response; nullopt when more bytes are needed; a failed Status
  /// (MailboxErrorKind::kProtocol) on a broken limit or a response that does not parse.
  Result<std::optional<Response>> next();

  /// Bytes received but not handed out yet.
  size_t buffered() const { return buffer_.size() - start_; }

 private:
  Status fail(const std::string& what);

  // Constant after construction
  const ParserLimits limits_;

  std::string buffer_;
  size_t start_ = 0;             // start of the response being framed
  size_t lineStart_ = 0;         // start of the current line (after the last literal)
  size_t scanned_ = 0;           // bytes of the current line already searched for LF
  size_t literalLeft_ = 0;       // bytes of a literal still to come
  std::optional<Status> error_;  // sticky
};

}  // namespace enp::imap
