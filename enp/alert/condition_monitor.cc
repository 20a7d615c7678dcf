#include "enp/alert/condition_monitor.h"

#include "enp/alert/alert_catalog.h"
#include "enp/alert/alert_mail.h"
#include "enp/alert/conditions.h"
#include "enp/common/log.h"

namespace enp {
namespace {

constexpr auto kPeriod = std::chrono::minutes(1);
constexpr int64_t kDayMs = 24 * 3600 * 1000;
constexpr int64_t kMegabyte = 1024 * 1024;

}  // namespace

void ConditionMonitor::start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      runOnce();
      lock.lock();
      cv_.wait_for(lock, kPeriod, [this] { return stopping_; });
    }
  });
}

void ConditionMonitor::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void ConditionMonitor::runOnce() {
  const int64_t now = deps_.clock.nowMs();
  const auto settings = deps_.settings.get(now);
  checkDatabase();
  checkQueue(now, settings->alerts);
  checkCertificates(now);
  checkDisk(settings->alerts);
}

void ConditionMonitor::checkDatabase() {
  if (const Status writable = deps_.db.writable(); writable.ok()) {
    deps_.board.resolve(alerts::kDatabase);
  } else {
    deps_.board.raise(
        alerts::databaseCommit("a test transaction did not commit: " + writable.message()));
  }
}

void ConditionMonitor::checkQueue(int64_t now, const AlertSettings& s) {
  const Result<std::optional<int64_t>> oldest = deps_.events.oldestQueuedAt();
  if (!oldest.ok()) {
    return;  // the database check says why
  }
  const int64_t limitMs = int64_t{s.queueAgeMinutes} * 60000;
  if (!*oldest || now - **oldest <= limitMs) {
    deps_.board.resolve(alerts::kQueueBacklog);
    return;
  }
  const Result<int64_t> queued = deps_.events.queuedCount();
  deps_.board.raise(
      alerts::queueBacklog((now - **oldest) / 60000, s.queueAgeMinutes, queued.ok() ? *queued : 0));
}

void ConditionMonitor::checkCertificates(int64_t now) {
  for (const Certificate& c : deps_.certificates) {
    const Result<int64_t> expires = certificateExpiresAt(c.file);
    if (!expires.ok()) {
      log::get(log::Id::kAlert).debug("certificate check: {}", expires.error().message());
      continue;
    }
    const std::string key = alerts::certificateKey(c.listener);
    const int64_t left = *expires - now;
    if (left >= kCertificateWarningDays * kDayMs) {
      deps_.board.resolve(key);
      continue;
    }
    const int64_t days = left <= 0 ? -1 : left / kDayMs;
    deps_.board.raise(alerts::certificateExpiry(c.listener, c.file, days, utcTime(*expires)));
  }
}

void ConditionMonitor::checkDisk(const AlertSettings& s) {
  const Result<int64_t> free = freeBytes(deps_.dataDir);
  if (!free.ok()) {
    return;
  }
  if (*free >= int64_t{s.minFreeDiskMb} * kMegabyte) {
    deps_.board.resolve(alerts::kDiskSpace);
  } else {
    deps_.board.raise(alerts::diskSpace(deps_.dataDir, *free / kMegabyte, s.minFreeDiskMb));
  }
}

}  // namespace enp
