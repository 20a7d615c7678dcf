#include "enp/store/queue_wakeups.h"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "enp/common/log.h"
#include "enp/store/event_store.h"

namespace enp {
namespace {

constexpr int kReconnectAfterMs = 1000;

}  // namespace

QueueWakeups::QueueWakeups(Database& db, std::string nodeName, std::function<void()> onQueued)
    : db_(db),
      nodeName_(std::move(nodeName)),
      onQueued_(std::move(onQueued)),
      stopFd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

QueueWakeups::~QueueWakeups() {
  stop();
  if (stopFd_ >= 0) {
    ::close(stopFd_);
  }
}

void QueueWakeups::start() {
  if (!thread_.joinable()) {
    thread_ = std::thread([this] { run(); });
  }
}

void QueueWakeups::stop() {
  if (!thread_.joinable()) {
    return;
  }
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(stopFd_, &one, sizeof one);
  thread_.join();
}

void QueueWakeups::run() {
  pthread_setname_np(pthread_self(), "enp-queue-wake");
  auto& log = log::get(log::Id::kStore);
  bool stopped = false;
  bool lost = false;  // log a lost session once until it is back
  while (!stopped) {
    Result<pg::PgConnection> session = db_.openSession();
    Status listening = session.ok() ? session->listen(EventStore::kQueueChannel) : session.error();
    if (listening.ok()) {
      if (lost) {
        log.info("queue wake-ups: listening again");
      }
      lost = false;
      // Something may have been queued while no one listened.
      onQueued_();
    }
    while (listening.ok()) {
      if (session->socket() < 0) {  // libpq closed it: the session is gone
        listening = Status::unavailable("postgresql: the listening session was closed");
        break;
      }
      pollfd fds[2] = {{session->socket(), POLLIN, 0}, {stopFd_, POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0 && errno != EINTR) {
        listening = Status::internal(std::string("poll: ") + std::strerror(errno));
        break;
      }
      if ((fds[1].revents & POLLIN) != 0) {
        stopped = true;
        break;
      }
      Result<std::vector<pg::PgNotification>> got = session->pollNotifications();
      if (!got.ok()) {
        listening = got.error();
        break;
      }
      bool fromOthers = false;
      for (const pg::PgNotification& n : *got) {
        fromOthers = fromOthers || n.payload != nodeName_;
      }
      if (fromOthers) {
        received_.fetch_add(1);
        onQueued_();
      }
    }
    if (stopped) {
      break;
    }
    if (!lost) {
      log.warn("queue wake-ups from other nodes paused (the queue is still polled): {}",
               listening.message());
      lost = true;
    }
    pollfd stopWait{stopFd_, POLLIN, 0};
    if (::poll(&stopWait, 1, kReconnectAfterMs) > 0) {
      stopped = true;
    }
  }
}

}  // namespace enp
