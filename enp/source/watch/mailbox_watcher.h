#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "enp/cluster/share_book.h"
#include "enp/config/settings.h"
#include "enp/source/watch/account_watch.h"  // first: Asio's coroutine support
#include "enp/source/watch/pop3_watch.h"
#include "enp/store/mail_account_store.h"

namespace enp {

/// How the watcher runs (bootstrap [imap]).
struct MailboxWatcherOptions {
  WatchOptions watch;
  /// POP3 mailboxes are polled this often.
  std::chrono::milliseconds pop3Interval{5 * 60 * 1000};
  /// The accounts are read again this often (new, changed and removed registrations).
  std::chrono::milliseconds reload{5000};
  /// Connections opened per second at most (at start, and after many drop together).
  double connectsPerSecond = 20;
  /// Connect, TLS handshake and each command within this.
  std::chrono::seconds timeout{30};
};

/// Watches the IMAP folder of every active registration with an account on an imap server of
/// the settings' mailServers (and polls each POP3 account: Pop3Watch): one AccountWatch per
/// account, all on one thread (Asio event loop), store calls on two threads of their own. Accounts
/// are read again every `reload`: a new account is watched, a removed one is let go, a changed one
/// (server settings, user, folder, password) is watched anew (which ends an "auth failed" wait).
class MailboxWatcher {
 public:
  struct Deps {
    MailAccountStore& accounts;
    EventStore& events;
    FolderMarkStore& marks;
    Pop3SeenStore& pop3Seen;
    MailCache& cache;
    WatchBoard& board;
    const Clock& clock;
    std::function<std::shared_ptr<const Settings>()> settings;
    /// Raises (non-empty message) or resolves (empty) the alert "mail-logins-failing:<server>"
    /// (manyLoginsRefused()); may be empty.
    std::function<void(const std::string& key, const std::string& message)> alert;
    /// The shares this node holds: it watches only their registrations' accounts, closes an
    /// account's connection when its share moves to another node and opens it when one comes
    /// (null: every account).
    const cluster::ShareBook* shares = nullptr;
  };

  MailboxWatcher(Deps deps, MailboxWatcherOptions options);
  ~MailboxWatcher();

  void start();
  /// Closes every connection and joins the threads.
  void stop();

 private:
  struct Running {
    std::shared_ptr<void> watch;  // an AccountWatch or a Pop3Watch
    std::function<void()> stop;
    std::string fingerprint;
    std::string server;  // its mailServers[] name
  };

  boost::asio::awaitable<void> reloadLoop();
  // Until the next reload is due, or sooner when this node's shares changed.
  boost::asio::awaitable<void> waitForReload();
  void reconcile(const std::vector<WatchedAccount>& accounts, const Settings& settings);
  // The TLS context of a CA file (shared by all its accounts); null when it cannot be read.
  boost::asio::ssl::context* tlsContext(const std::string& caFile, std::string* why);
  void stopAll();
  // Raises or resolves each server's alert of refused logins.
  void checkLogins();
  // Stores each refused login the watches saw (a restart then holds the account until its
  // retry is due), and forgets it once the account is connected again.
  boost::asio::awaitable<void> storeRefusedLogins(const std::vector<WatchedAccount>& accounts);

  const Deps deps_;
  const MailboxWatcherOptions options_;

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::thread_pool blocking_{2};
  boost::asio::steady_timer reloadTimer_;
  ConnectGate gate_;
  std::thread thread_;
  std::mutex doneMutex_;
  std::condition_variable doneChanged_;
  bool done_ = false;  // GUARDED_BY(doneMutex_): the loop thread returned

  // On the loop thread only.
  bool stopping_ = false;
  std::map<std::string, std::unique_ptr<boost::asio::ssl::context>> tls_;  // by CA file
  std::map<std::string, Running> running_;                                 // by registration id
  std::set<std::string> loginAlerts_;  // servers whose alert is raised
};

}  // namespace enp
