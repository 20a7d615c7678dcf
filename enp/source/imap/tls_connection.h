#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "enp/common/status.h"

namespace enp::imap {

/// How a mailbox connection checks the server's certificate. Verification is always on: the
/// chain must lead to a trusted CA and the certificate must name the host (or IP address).
struct TlsOptions {
  /// PEM file of the CAs to trust instead of the system store ("" = the system store, i.e.
  /// Debian's ca-certificates); for servers with a private CA or a self-signed certificate.
  std::string caFile;
  /// Time allowed to connect (DNS, TCP and the TLS handshake each).
  std::chrono::milliseconds connectTimeout{15000};
};

/// A blocking TCP connection that can switch to TLS (at once for port 993/995, or after
/// STARTTLS/STLS), with deadlines on every call. OpenSSL runs over memory BIOs and the socket is
/// written with MSG_NOSIGNAL, so a server that goes away never raises SIGPIPE. The only user of
/// OpenSSL's SSL API in the IMAP/POP3 code. Thread safety: none; one thread at a time.
class TlsConnection {
 public:
  using Instant = std::chrono::steady_clock::time_point;

  ~TlsConnection();
  TlsConnection(const TlsConnection&) = delete;
  TlsConnection& operator=(const TlsConnection&) = delete;

  /// Connects to host:port (each resolved address in turn). Fails kUnavailable ("cannot
  /// connect to imap.example.com:993: Connection refused").
  static Result<std::unique_ptr<TlsConnection>> open(const std::string& host, uint16_t port,
                                                     TlsOptions options);

  /// Performs the TLS handshake and verifies the certificate for the host given to open().
  /// Fails with MailboxErrorKind::kInsecure ("TLS: the server's certificate is not trusted
  /// (self-signed certificate) ...") or kUnavailable when the connection drops.
  Status startTls();

  /// Sends all of `bytes` (encrypted once TLS started) before `deadline`.
  Status write(std::string_view bytes, Instant deadline);

  /// Waits until bytes arrive or `deadline` passes: the bytes, or "" at the deadline. Fails
  /// (kUnavailable) when the server closed the connection or it broke.
  Result<std::string> read(Instant deadline);

  bool tlsActive() const { return ssl_ != nullptr; }
  const std::string& host() const { return host_; }

 private:
  struct SslState;
  TlsConnection(int fd, std::string host, TlsOptions options);

  Status sendRaw(std::string_view bytes, Instant deadline);
  // Reads from the socket into the TLS engine (or returns plain bytes): "" on the deadline.
  Result<std::string> receiveRaw(Instant deadline);
  Status flushTls(Instant deadline);

  // Constant after construction
  const int fd_;
  const std::string host_;
  const TlsOptions options_;

  std::unique_ptr<SslState> ssl_;
};

}  // namespace enp::imap
