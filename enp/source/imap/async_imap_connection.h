#pragma once

#include <utility>  // before Asio: its awaitable.hpp uses std::exchange

// GCC 12 takes Asio's coroutine frames for a mismatched new/delete pair (see enp/http/async_io.h).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <array>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <string>

#include "enp/common/status.h"
#include "enp/source/imap/imap_client.h"
#include "enp/source/imap/imap_session.h"

namespace enp::imap {

/// The event-driven driver of Session: one account's connection on an Asio executor
/// (boost::asio::ssl::stream over TCP, the certificate verified for the configured host name),
/// so one thread holds thousands of idle connections. The same operations as the blocking
/// ImapClient, as coroutines; each fails with a MailboxErrorKind (mailbox_error.h). close()
/// ends whatever is pending (it fails as unavailable). Thread safety: none; use it from its
/// executor only, one operation at a time. `tls` must outlive it.
class AsyncImapConnection {
 public:
  using Instant = Session::Instant;
  template <typename T>
  using Awaitable = boost::asio::awaitable<T>;

  AsyncImapConnection(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
                      ImapAccount account, SessionOptions options);
  ~AsyncImapConnection();

  /// Resolves, connects, starts TLS (at once or by STARTTLS), logs in and reads the
  /// capabilities offered after login.
  Awaitable<Status> connect();
  /// EXAMINEs the folder (read-only).
  Awaitable<Result<MailboxState>> examine();
  /// The mails with a UID above lastUid, metadata and snippet read with BODY.PEEK.
  Awaitable<Result<event::Fetched>> fetchNewSince(uint32_t lastUid);
  /// IDLEs until the server reports a change or `wait` passes, then ends the IDLE.
  Awaitable<Result<IdleOutcome>> idle(std::chrono::milliseconds wait);
  /// NOOP: the folder's message count as the server now reports it.
  Awaitable<Result<uint32_t>> poll();
  /// LOGOUT, then close.
  Awaitable<Status> logout();
  /// Closes the connection: the pending operation ends (unavailable).
  void close();

  bool supportsIdle() const { return session_.supportsIdle(); }

 private:
  using Stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;
  template <typename T>
  Awaitable<Result<T>> waitFor(Instant deadline);
  Awaitable<Status> pump(Instant deadline);
  Awaitable<Status> handshake();
  // Arms the watchdog: the socket is cancelled at `deadline` unless disarm() runs first.
  void arm(Instant deadline);
  void disarm();
  Instant commandDeadline() const;
  bool changeQueued() const;

  // Constant after construction
  const ImapAccount account_;

  Session session_;
  Stream stream_;
  boost::asio::steady_timer watchdog_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool open_ = false;
  bool tls_ = false;
  bool timedOut_ = false;
  std::array<char, 16384> buffer_{};
  std::deque<SessionEvent> events_;
};

}  // namespace enp::imap
