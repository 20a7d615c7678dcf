#include "enp/source/watch/mailbox_watcher.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "enp/common/log.h"
#include "enp/http/async_io.h"
#include "enp/source/imap/mail_login.h"
#include "enp/source/watch/login_failure_alert.h"

namespace enp {
namespace {

namespace asio = boost::asio;

auto& logger() { return log::get(log::Id::kImap); }

std::string fingerprint(const MailServer& s, const WatchedAccount& a) {
  // The password itself is not kept: its change time stands for it.
  return s.host + "|" + std::to_string(s.port) + "|" + toString(s.security) + "|" +
         toString(s.auth) + "|" + s.caFile + "|" + s.pathPrefix + "|" + a.account.username + "|" +
         a.account.folder + "|" + std::to_string(a.account.passwordChangedAt);
}

}  // namespace

MailboxWatcher::MailboxWatcher(Deps deps, MailboxWatcherOptions options)
    : deps_(std::move(deps)),
      options_(options),
      work_(io_.get_executor()),
      reloadTimer_(io_),
      gate_(options.connectsPerSecond) {}

MailboxWatcher::~MailboxWatcher() { stop(); }

void MailboxWatcher::start() {
  asio::co_spawn(io_, reloadLoop(), asio::detached);
  thread_ = std::thread([this] {
    io_.run();
    std::lock_guard lock(doneMutex_);
    done_ = true;
    doneChanged_.notify_all();
  });
}

void MailboxWatcher::stop() {
  if (!thread_.joinable()) {
    return;
  }
  asio::post(io_, [this] { stopAll(); });
  work_.reset();
  {
    // The watches end at once (their sockets closed); a DNS look-up may not: wait a little.
    std::unique_lock lock(doneMutex_);
    doneChanged_.wait_for(lock, std::chrono::seconds(3), [this] { return done_; });
  }
  io_.stop();
  thread_.join();
  blocking_.join();
}

void MailboxWatcher::stopAll() {
  stopping_ = true;
  reloadTimer_.cancel();
  for (auto& [id, r] : running_) {
    r.stop();
  }
  running_.clear();
}

asio::awaitable<void> MailboxWatcher::reloadLoop() {
  while (!stopping_) {
    MailAccountStore& accounts = deps_.accounts;
    Result<std::vector<WatchedAccount>> active =
        co_await offload(blocking_.get_executor(), [&accounts] { return accounts.listActive(); });
    if (stopping_) {
      break;
    }
    if (active.ok() && deps_.shares != nullptr) {
      // Another node's accounts are let go like removed ones (reconcile stops their watch).
      std::erase_if(*active, [this](const WatchedAccount& a) {
        return !deps_.shares->owns(a.account.registrationId);
      });
    }
    if (active.ok()) {
      const std::shared_ptr<const Settings> settings = deps_.settings();
      reconcile(*active, *settings);
      checkLogins();
      co_await storeRefusedLogins(*active);
    } else {
      logger().error("mail accounts: {}", active.error().message());
    }
    co_await waitForReload();
  }
}

asio::awaitable<void> MailboxWatcher::waitForReload() {
  const uint64_t generation = deps_.shares != nullptr ? deps_.shares->generation() : 0;
  const auto due = std::chrono::steady_clock::now() + options_.reload;
  // With shares, a look every second at most whether they changed (a counter, no I/O).
  const std::chrono::milliseconds step =
      deps_.shares != nullptr ? std::min(options_.reload, std::chrono::milliseconds(1000))
                              : options_.reload;
  while (!stopping_ && std::chrono::steady_clock::now() < due) {
    boost::system::error_code ec;
    auto token = asio::redirect_error(asio::use_awaitable, ec);
    reloadTimer_.expires_after(std::min<std::chrono::steady_clock::duration>(
        step, due - std::chrono::steady_clock::now()));
    co_await reloadTimer_.async_wait(token);
    if (deps_.shares != nullptr && deps_.shares->generation() != generation) {
      break;
    }
  }
}

void MailboxWatcher::checkLogins() {
  if (!deps_.alert) {
    return;
  }
  std::map<std::string, std::pair<size_t, size_t>> byServer;  // refused, accounts
  for (const auto& [id, r] : running_) {
    auto& [refused, total] = byServer[r.server];
    ++total;
    const std::optional<WatchStatus> s = deps_.board.find(id);
    refused += s && s->state == WatchState::kAuthFailed ? 1 : 0;
  }
  for (const auto& [server, counts] : byServer) {
    const bool many = manyLoginsRefused(counts.first, counts.second);
    if (many && !loginAlerts_.count(server)) {
      deps_.alert("mail-logins-failing:" + server, std::to_string(counts.first) + " of " +
                                                       std::to_string(counts.second) +
                                                       " accounts refused");
      loginAlerts_.insert(server);
    } else if (!many && loginAlerts_.count(server)) {
      deps_.alert("mail-logins-failing:" + server, "");
      loginAlerts_.erase(server);
    }
  }
  for (auto it = loginAlerts_.begin(); it != loginAlerts_.end();) {
    if (!byServer.count(*it)) {
      deps_.alert("mail-logins-failing:" + *it, "");
      it = loginAlerts_.erase(it);
    } else {
      ++it;
    }
  }
}

asio::awaitable<void> MailboxWatcher::storeRefusedLogins(
    const std::vector<WatchedAccount>& accounts) {
  for (const WatchedAccount& a : accounts) {
    const std::string& id = a.account.registrationId;
    const auto r = running_.find(id);
    const std::optional<WatchStatus> s = deps_.board.find(id);
    if (r == running_.end() || !r->second.watch || !s) {
      continue;  // not watched, or held after a restart (already stored)
    }
    const bool refused = s->state == WatchState::kAuthFailed;
    const bool connected = s->state == WatchState::kIdle || s->state == WatchState::kPolling;
    if (!(refused && a.account.authFailedAt != s->sinceMs) &&
        !(connected && a.account.authFailedAt != 0)) {
      continue;
    }
    MailAccountStore& store = deps_.accounts;
    const int64_t at = refused ? s->sinceMs : 0;
    const std::string detail = refused ? s->detail : "";
    const Status stored = co_await offload(blocking_.get_executor(), [&store, &id, at, &detail] {
      return store.markAuthFailed(id, at, detail);
    });
    if (!stored.ok()) {
      logger().error("[reg {}] {}", id, stored.message());
    } else if (refused) {
      logger().info("[reg {}] the refused login is stored: not tried again before {} s", id,
                    (s->retryAtMs - deps_.clock.nowMs()) / 1000);
    }
    if (stopping_) {
      co_return;
    }
  }
}

asio::ssl::context* MailboxWatcher::tlsContext(const std::string& caFile, std::string* why) {
  if (auto it = tls_.find(caFile); it != tls_.end()) {
    return it->second.get();
  }
  try {
    auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1);
    if (caFile.empty()) {
      context->set_default_verify_paths();
    } else {
      context->load_verify_file(caFile);
    }
    context->set_verify_mode(asio::ssl::verify_peer);
    return tls_.emplace(caFile, std::move(context)).first->second.get();
  } catch (const std::exception& e) {
    *why = caFile.empty() ? std::string("cannot read the system's trusted certificates")
                          : "cannot read the CA file " + caFile;
    return nullptr;
  }
}

void MailboxWatcher::reconcile(const std::vector<WatchedAccount>& accounts,
                               const Settings& settings) {
  const int64_t nowMs = deps_.clock.nowMs();
  std::map<std::string, Running> wanted;
  for (const WatchedAccount& a : accounts) {
    const std::string& id = a.account.registrationId;
    const MailServer* server = settings.mailServer(a.account.server);
    if (server == nullptr) {
      deps_.board.set(id, WatchState::kStopped,
                      "mail server " + a.account.server + " is not configured", nowMs);
      continue;
    }
    if (!a.credentials.ok()) {
      deps_.board.set(id, WatchState::kStopped, a.credentials.message(), nowMs);
      continue;
    }
    const std::string print = fingerprint(*server, a);
    if (auto it = running_.find(id); it != running_.end() && it->second.fingerprint == print) {
      wanted.emplace(id, std::move(it->second));
      running_.erase(it);
      continue;
    }
    // Refused before a restart, with the same password: held until its retry is due.
    const int64_t retryAt =
        a.account.authFailedAt + static_cast<int64_t>(options_.watch.reconnect.authFailed.count());
    if (a.account.authFailedAt > 0 && a.account.authFailedAt >= a.account.passwordChangedAt &&
        nowMs < retryAt) {
      if (auto it = running_.find(id); it == running_.end() || it->second.watch) {
        logger().info("[reg {}] the password was refused before: not tried before {} s", id,
                      (retryAt - nowMs) / 1000);
      }
      deps_.board.set(id, WatchState::kAuthFailed, a.account.authFailedDetail,
                      a.account.authFailedAt, retryAt);
      // A watch still running (its server's settings changed) is stopped below.
      wanted.emplace(id, Running{nullptr, [] {}, print + "|held", server->name});
      continue;
    }
    imap::MailLogin login{a.account.username, a.password, a.account.folder};
    if (server->type == MailServer::Type::kPop3) {
      auto watch = std::make_shared<Pop3Watch>(
          io_.get_executor(), id, imap::pop3Account(*server, login, options_.timeout),
          Pop3Watch::Deps{deps_.events, deps_.pop3Seen, deps_.cache, deps_.board, deps_.clock,
                          blocking_.get_executor()},
          options_.pop3Interval, options_.watch.reconnect);
      asio::co_spawn(io_, watch->run(), asio::detached);
      wanted.emplace(id, Running{watch, [watch] { watch->stop(); }, print, server->name});
      continue;
    }
    std::string why;
    asio::ssl::context* tls = tlsContext(server->caFile, &why);
    if (tls == nullptr) {
      deps_.board.set(id, WatchState::kStopped, why, nowMs);
      continue;
    }
    auto watch = std::make_shared<AccountWatch>(
        io_.get_executor(), *tls, id, imap::imapAccount(*server, login, options_.timeout),
        WatchDeps{deps_.events, deps_.marks, deps_.cache, deps_.board, deps_.clock,
                  blocking_.get_executor(), gate_},
        options_.watch);
    asio::co_spawn(io_, watch->run(), asio::detached);
    wanted.emplace(id, Running{watch, [watch] { watch->stop(); }, print, server->name});
  }
  // What is left runs for an account removed or changed.
  for (auto& [id, r] : running_) {
    r.stop();
    if (!wanted.count(id)) {
      deps_.board.forget(id);
    }
  }
  running_ = std::move(wanted);
}

}  // namespace enp
