#include "enp/app/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <cerrno>
#include <ctime>

#include "enp/common/log.h"

namespace enp::systemd {

void notifyReady(const std::string& status) {
  std::string message = "READY=1\nSTATUS=" + status;
  sd_notify(0, message.c_str());
}

void notifyStopping() { sd_notify(0, "STOPPING=1\nSTATUS=stopping"); }

void notifyWatchdog() { sd_notify(0, "WATCHDOG=1"); }

std::chrono::milliseconds watchdogInterval() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) {
    return std::chrono::milliseconds(0);
  }
  // Half the timeout (sd_watchdog_enabled(3)), at least 1 ms.
  return std::chrono::milliseconds(usec / 2000 > 0 ? usec / 2000 : 1);
}

int waitForSignal(const sigset_t& signals, const std::function<bool()>& healthy) {
  const auto interval = watchdogInterval();
  if (interval.count() == 0) {
    int sig = 0;
    while (sigwait(&signals, &sig) != 0) {
    }
    return sig;
  }
  auto& mlog = log::get(log::Id::kMain);
  mlog.info("systemd watchdog: ping every {} ms while the database commits", interval.count());
  const timespec timeout{static_cast<time_t>(interval.count() / 1000),
                         static_cast<long>(interval.count() % 1000) * 1000000L};
  while (true) {
    if (healthy()) {
      notifyWatchdog();
    } else {
      mlog.error("systemd watchdog: database not writable, ping skipped");
    }
    int sig = sigtimedwait(&signals, nullptr, &timeout);
    if (sig > 0) {
      return sig;
    }
    // EAGAIN: the interval elapsed; EINTR: another signal interrupted the wait.
  }
}

}  // namespace enp::systemd
