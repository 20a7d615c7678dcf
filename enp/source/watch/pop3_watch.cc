#include "enp/source/watch/pop3_watch.h"

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

auto& logger() { return log::get(log::Id::kImap); }

}  // namespace

Pop3Watch::Pop3Watch(asio::any_io_executor executor, std::string registrationId,
                     imap::Pop3Account account, Deps deps, std::chrono::milliseconds interval,
                     ReconnectPolicy reconnect)
    : registrationId_(std::move(registrationId)),
      account_(std::move(account)),
      deps_(deps),
      interval_(interval),
      reconnect_(reconnect),
      timer_(std::move(executor)),
      random_(static_cast<unsigned>(std::hash<std::string>{}(registrationId_))) {}

void Pop3Watch::stop() {
  stopped_ = true;
  timer_.cancel();
}

asio::awaitable<void> Pop3Watch::run() {
  const std::shared_ptr<Pop3Watch> self = shared_from_this();
  int failures = 0;
  bool first = true;
  deps_.board.set(registrationId_, WatchState::kConnecting, "", deps_.clock.nowMs());
  while (!stopped_) {
    Status polled = co_await offload(deps_.blocking, [this] { return pollOnce(); });
    if (stopped_) {
      break;
    }
    std::chrono::milliseconds wait = interval_;
    const int64_t nowMs = deps_.clock.nowMs();
    if (polled.ok()) {
      failures = 0;
      deps_.board.set(registrationId_, WatchState::kPolling,
                      "POP3: asked every " + std::to_string(interval_.count() / 1000) + " s",
                      nowMs);
      if (first) {
        logger().info("[reg {}] POP3: waiting for new mail (polled every {} s)", registrationId_,
                      interval_.count() / 1000);
        first = false;
      }
    } else if (imap::mailboxErrorKind(polled) == imap::MailboxErrorKind::kAuthFailed) {
      wait = reconnect_.authFailed;
      deps_.board.set(registrationId_, WatchState::kAuthFailed, polled.message(), nowMs,
                      nowMs + wait.count());
    } else {
      std::uniform_real_distribution<double> jitter(0.0, 1.0);
      wait = std::max(interval_, reconnectDelay(reconnect_, ++failures, jitter(random_)));
      deps_.board.set(registrationId_, WatchState::kRetrying, polled.message(), nowMs,
                      nowMs + wait.count());
    }
    if (!polled.ok()) {
      logger().warn("[reg {}] {}:{}: {}; next try in {} s", registrationId_, account_.host,
                    account_.port, polled.message(), wait.count() / 1000);
    }
    boost::system::error_code ec;
    auto token = asio::redirect_error(asio::use_awaitable, ec);
    timer_.expires_after(wait);
    co_await timer_.async_wait(token);
  }
}

Status Pop3Watch::pollOnce() {
  imap::Pop3Client client(account_);
  ENP_RETURN_IF_ERROR(client.connect());
  Result<std::optional<std::set<std::string>>> seen = deps_.seen.find(registrationId_);
  if (!seen.ok()) {
    return seen.error();
  }
  Result<std::vector<imap::Pop3Listing>> listed = client.list();
  if (!listed.ok()) {
    return listed.error();
  }
  std::set<std::string> onServer;
  for (const imap::Pop3Listing& l : *listed) {
    onServer.insert(l.uid);
  }
  const int64_t nowMs = deps_.clock.nowMs();
  if (!*seen) {
    (void)client.quit();
    logger().info("[reg {}] POP3: baseline of {} messages (not notified)", registrationId_,
                  onServer.size());
    return deps_.seen.save(registrationId_, onServer, nowMs);
  }
  Result<std::vector<imap::Pop3Message>> fresh = client.fetchNew(**seen);
  (void)client.quit();  // nothing was marked for deletion
  if (!fresh.ok()) {
    return fresh.error();
  }
  if (!fresh->empty()) {
    NotifyWrite write;
    write.registrationId = registrationId_;
    write.nowMs = nowMs;
    for (const imap::Pop3Message& m : *fresh) {
      Mail mail = toMail(m);
      NotifyWrite::Item item;
      item.itemId = mail.itemId;
      item.folderId = "INBOX";
      item.eventTime = ews::parseDateTimeMs(m.meta.date).value_or(nowMs);
      deps_.cache.put(registrationId_, item.itemId, std::move(mail));
      write.items.push_back(std::move(item));
    }
    ENP_RETURN_IF_ERROR(deps_.events.persist(write));
    if (write.inserted > 0) {
      deps_.board.mailQueued(registrationId_, nowMs);
    }
  }
  return deps_.seen.save(registrationId_, onServer, nowMs);
}

}  // namespace enp
