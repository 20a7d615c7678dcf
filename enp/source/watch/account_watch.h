#pragma once

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "enp/common/clock.h"
#include "enp/source/imap/async_imap_connection.h"  // first: Asio's coroutine support
#include "enp/source/imap/uid_watermark.h"
#include "enp/source/watch/connect_gate.h"
#include "enp/source/watch/mail_cache.h"
#include "enp/source/watch/reconnect_delay.h"
#include "enp/source/watch/watch_board.h"
#include "enp/store/event_store.h"
#include "enp/store/folder_mark_store.h"

namespace enp {

/// What every account watch shares. Everything outlives the watches.
struct WatchDeps {
  EventStore& events;
  FolderMarkStore& marks;
  MailCache& cache;
  WatchBoard& board;
  const Clock& clock;
  /// Where the store calls run (they block on a commit): never the watcher's event loop.
  boost::asio::any_io_executor blocking;
  ConnectGate& gate;
};

/// How the watches behave (bootstrap [imap]).
struct WatchOptions {
  /// IDLE is ended and re-issued after this long (RFC 2177: before 29 minutes).
  std::chrono::milliseconds idleRenewal{28 * 60 * 1000};
  /// A server without IDLE is asked for new mail this often.
  std::chrono::milliseconds pollInterval{60 * 1000};
  ReconnectPolicy reconnect;
};

/// Watches one registration's IMAP folder on the watcher's event loop, until stop():
///   connect (TLS verified), log in, EXAMINE; planFromMark(): the first connection and a
///   changed UIDVALIDITY set the baseline silently (old mail is not notified); mail above the
///   mark is read (ENVELOPE, BODYSTRUCTURE, BODY.PEEK: never \Seen), queued (durable, deduped on
///   registration + UIDVALIDITY + UID) and only then the mark is stored; then IDLE (renewed
///   after idleRenewal) or, without IDLE, a poll every pollInterval.
///   A refused password: state "auth failed", the next try after reconnect.authFailed (the
///   watcher starts a new watch at once when the password changes). Any other failure:
///   reconnect after an exponential back-off with jitter. Every connect waits for its slot of
///   the ConnectGate.
class AccountWatch : public std::enable_shared_from_this<AccountWatch> {
 public:
  AccountWatch(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
               std::string registrationId, imap::ImapAccount account, WatchDeps deps,
               WatchOptions options);

  /// Runs until stop(); co_spawn it on the executor given to the constructor.
  boost::asio::awaitable<void> run();
  /// Ends the watch (from the executor): the connection is closed, run() returns.
  void stop();

 private:
  // One connection, from connect to the failure that ends it.
  boost::asio::awaitable<Status> watchOnce();
  // Reads and queues the mail above mark_; stores the moved mark.
  boost::asio::awaitable<Status> fetchNew();
  boost::asio::awaitable<Status> saveMark();
  // Waits `wait` unless stop() comes first.
  boost::asio::awaitable<void> pause(std::chrono::steady_clock::duration wait);
  void setState(WatchState state, std::string detail, int64_t retryAtMs = 0);

  // Constant after construction
  const boost::asio::any_io_executor executor_;
  boost::asio::ssl::context& tls_;
  const std::string registrationId_;
  const imap::ImapAccount account_;  // holds the password: never logged
  const WatchDeps deps_;
  const WatchOptions options_;

  std::unique_ptr<imap::AsyncImapConnection> connection_;
  boost::asio::steady_timer timer_;
  bool stopped_ = false;
  bool reachedFolder_ = false;  // the last connection examined the folder
  imap::FolderMark mark_;
  std::minstd_rand random_;
};

}  // namespace enp
