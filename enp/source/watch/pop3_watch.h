#pragma once

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <random>
#include <string>

#include "enp/source/imap/pop3_client.h"
#include "enp/source/watch/account_watch.h"  // first: Asio's coroutine support
#include "enp/store/pop3_seen_store.h"

namespace enp {

/// Polls one registration's POP3 mailbox every `interval` (POP3 cannot push): connect, UIDL;
/// the first poll sets the baseline silently; a unique id not seen before is read with TOP
/// (headers and the first lines: never RETR, never DELE, so nothing changes on the server),
/// queued (deduped on registration + UIDL), and only then the ids on the server are stored.
/// Failures back off as AccountWatch's do. Each poll is a blocking POP3 session on the
/// watcher's store threads: POP3 holds no connection between polls.
class Pop3Watch : public std::enable_shared_from_this<Pop3Watch> {
 public:
  struct Deps {
    EventStore& events;
    Pop3SeenStore& seen;
    MailCache& cache;
    WatchBoard& board;
    const Clock& clock;
    boost::asio::any_io_executor blocking;
  };

  Pop3Watch(boost::asio::any_io_executor executor, std::string registrationId,
            imap::Pop3Account account, Deps deps, std::chrono::milliseconds interval,
            ReconnectPolicy reconnect);

  boost::asio::awaitable<void> run();
  void stop();

 private:
  // One blocking poll (on deps_.blocking).
  Status pollOnce();

  // Constant after construction
  const std::string registrationId_;
  const imap::Pop3Account account_;  // holds the password: never logged
  const Deps deps_;
  const std::chrono::milliseconds interval_;
  const ReconnectPolicy reconnect_;

  boost::asio::steady_timer timer_;
  bool stopped_ = false;
  std::minstd_rand random_;
};

}  // namespace enp
