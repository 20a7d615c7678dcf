#include "enp/source/watch/account_watch.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "enp/common/log.h"
#include "enp/http/async_io.h"
#include "enp/source/imap/mailbox_error.h"
#include "enp/source/watch/imap_item.h"
#include "ews/date_time.h"

namespace enp {
namespace {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

auto& logger() { return log::get(log::Id::kImap); }

// A server that throttles (too many connections, [LIMIT]) is given the back-off of this many
// failures in a row at least (16 s with the defaults) before the next try.
constexpr int kThrottledFailures = 5;

}  // namespace

AccountWatch::AccountWatch(asio::any_io_executor executor, asio::ssl::context& tls,
                           std::string registrationId, imap::ImapAccount account, WatchDeps deps,
                           WatchOptions options)
    : executor_(std::move(executor)),
      tls_(tls),
      registrationId_(std::move(registrationId)),
      account_(std::move(account)),
      deps_(deps),
      options_(options),
      timer_(executor_),
      random_(static_cast<unsigned>(std::hash<std::string>{}(registrationId_))) {}

void AccountWatch::stop() {
  stopped_ = true;
  timer_.cancel();
  if (connection_) {
    connection_->close();
  }
}

void AccountWatch::setState(WatchState state, std::string detail, int64_t retryAtMs) {
  deps_.board.set(registrationId_, state, std::move(detail), deps_.clock.nowMs(), retryAtMs);
}

asio::awaitable<void> AccountWatch::pause(SteadyClock::duration wait) {
  boost::system::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  timer_.expires_after(wait);
  co_await timer_.async_wait(token);
}

asio::awaitable<void> AccountWatch::run() {
  const std::shared_ptr<AccountWatch> self = shared_from_this();  // alive until run() ends
  int failures = 0;
  while (!stopped_) {
    const SteadyClock::time_point now = SteadyClock::now();
    const SteadyClock::time_point slot = deps_.gate.reserve(now);
    if (slot > now) {
      co_await pause(slot - now);
      if (stopped_) {
        break;
      }
    }
    setState(WatchState::kConnecting, "");
    reachedFolder_ = false;
    const Status ended = co_await watchOnce();
    connection_.reset();
    if (stopped_) {
      break;
    }
    failures = reachedFolder_ ? 1 : failures + 1;
    const imap::MailboxErrorKind kind = imap::mailboxErrorKind(ended);
    if (kind == imap::MailboxErrorKind::kThrottled) {
      failures = std::max(failures, kThrottledFailures);  // too many connections, [LIMIT]
    }
    std::chrono::milliseconds wait{0};
    if (kind == imap::MailboxErrorKind::kAuthFailed) {
      wait = options_.reconnect.authFailed;
      setState(WatchState::kAuthFailed, ended.message(), deps_.clock.nowMs() + wait.count());
    } else {
      std::uniform_real_distribution<double> jitter(0.0, 1.0);
      wait = reconnectDelay(options_.reconnect, failures, jitter(random_));
      setState(WatchState::kRetrying, ended.message(), deps_.clock.nowMs() + wait.count());
    }
    logger().warn("[reg {}] {}:{}: {}; next try in {} s", registrationId_, account_.host,
                  account_.port, ended.message(), wait.count() / 1000);
    co_await pause(wait);
  }
}

asio::awaitable<Status> AccountWatch::watchOnce() {
  connection_ = std::make_unique<imap::AsyncImapConnection>(executor_, tls_, account_,
                                                            imap::sessionOptions(account_));
  imap::AsyncImapConnection& c = *connection_;
  if (Status s = co_await c.connect(); !s.ok()) {
    co_return s;
  }
  Result<imap::MailboxState> folder = co_await c.examine();
  if (!folder.ok()) {
    co_return folder.error();
  }
  FolderMarkStore& marks = deps_.marks;
  const std::string id = registrationId_;
  Result<std::optional<StoredFolderMark>> stored =
      co_await offload(deps_.blocking, [&marks, &id] { return marks.find(id); });
  if (!stored.ok()) {
    co_return stored.error();
  }
  std::optional<imap::FolderMark> previous;
  if (*stored) {
    previous = imap::FolderMark{(*stored)->uidValidity, (*stored)->lastUid};
  }
  const imap::MarkPlan plan = imap::planFromMark(previous, *folder);
  mark_ = plan.mark;
  reachedFolder_ = true;
  if (plan.rebaselined) {
    logger().info("[reg {}] {}: baseline UIDVALIDITY {} UID {} (older mail is not notified)",
                  registrationId_, account_.folder, mark_.uidValidity, mark_.lastUid);
    if (Status s = co_await saveMark(); !s.ok()) {
      co_return s;
    }
  }
  if (plan.fetchAfter) {
    if (Status s = co_await fetchNew(); !s.ok()) {
      co_return s;
    }
  }
  const std::string pollNote = "the server offers no IDLE: asked every " +
                               std::to_string(options_.pollInterval.count() / 1000) + " s";
  // The state first, then the line that says so: whoever reads the line finds the state set.
  if (c.supportsIdle()) {
    setState(WatchState::kIdle, "");
  } else {
    setState(WatchState::kPolling, pollNote);
  }
  logger().info("[reg {}] {}: waiting for new mail ({})", registrationId_, account_.folder,
                c.supportsIdle() ? std::string("IDLE")
                                 : "polled every " +
                                       std::to_string(options_.pollInterval.count() / 1000) + " s");
  while (!stopped_) {
    bool check = true;
    if (c.supportsIdle()) {
      setState(WatchState::kIdle, "");
      Result<imap::IdleOutcome> idled = co_await c.idle(options_.idleRenewal);
      if (!idled.ok()) {
        co_return idled.error();
      }
      check = *idled == imap::IdleOutcome::kMailboxChanged;
    } else {
      setState(WatchState::kPolling, pollNote);
      co_await pause(options_.pollInterval);
      if (stopped_) {
        break;
      }
      Result<uint32_t> polled = co_await c.poll();
      if (!polled.ok()) {
        co_return polled.error();
      }
    }
    if (check && !stopped_) {
      if (Status s = co_await fetchNew(); !s.ok()) {
        co_return s;
      }
    }
  }
  co_return Status();
}

asio::awaitable<Status> AccountWatch::fetchNew() {
  Result<imap::event::Fetched> fetched = co_await connection_->fetchNewSince(mark_.lastUid);
  if (!fetched.ok()) {
    co_return fetched.error();
  }
  if (fetched->highestUid <= mark_.lastUid && fetched->messages.empty()) {
    co_return Status();
  }
  const int64_t nowMs = deps_.clock.nowMs();
  NotifyWrite write;
  write.registrationId = registrationId_;
  write.nowMs = nowMs;
  for (const imap::ImapMessage& m : fetched->messages) {
    Mail mail = toMail(m, mark_.uidValidity);
    NotifyWrite::Item item;
    item.itemId = mail.itemId;
    item.folderId = account_.folder;
    item.eventTime = ews::parseDateTimeMs(m.received).value_or(nowMs);
    deps_.cache.put(registrationId_, item.itemId, std::move(mail));
    write.items.push_back(std::move(item));
  }
  if (fetched->skipped > 0) {
    logger().warn("[reg {}] {} new mails at once: the oldest {} are not notified", registrationId_,
                  fetched->messages.size() + fetched->skipped, fetched->skipped);
  }
  if (!write.items.empty()) {
    EventStore& events = deps_.events;
    Status persisted =
        co_await offload(deps_.blocking, [&events, &write] { return events.persist(write); });
    if (!persisted.ok()) {
      co_return persisted;
    }
    if (write.inserted > 0) {
      deps_.board.mailQueued(registrationId_, nowMs);
    }
    logger().debug("[reg {}] {} new mails queued ({} already queued)", registrationId_,
                   write.inserted, write.items.size() - static_cast<size_t>(write.inserted));
  }
  mark_.lastUid = std::max(mark_.lastUid, fetched->highestUid);
  Status saved = co_await saveMark();
  co_return saved;
}

asio::awaitable<Status> AccountWatch::saveMark() {
  FolderMarkStore& marks = deps_.marks;
  const std::string id = registrationId_;
  const StoredFolderMark mark{mark_.uidValidity, mark_.lastUid};
  const int64_t nowMs = deps_.clock.nowMs();
  Status saved = co_await offload(
      deps_.blocking, [&marks, &id, mark, nowMs] { return marks.save(id, mark, nowMs); });
  co_return saved;
}

}  // namespace enp
