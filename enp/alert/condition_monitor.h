#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "enp/alert/alert_board.h"
#include "enp/common/clock.h"
#include "enp/store/database.h"
#include "enp/store/event_store.h"
#include "enp/store/settings_cache.h"

namespace enp {

/// The alerts no single mail reveals, checked once a minute on a thread of its own; each
/// resolves by itself at the first check that finds the condition cleared:
///   queue-backlog             the oldest queued event is older than alerts.queueAgeMinutes
///   certificate-expiry:<l>    a listener's TLS certificate expires within 30 days (warning)
///                             or has expired (critical)
///   disk-space                the data directory's file system has less than
///                             alerts.minFreeDiskMb free
///   database-commit           a write transaction does not commit
/// Thread-safe: start()/stop() from the owner; runOnce() from one thread at a time.
class ConditionMonitor {
 public:
  struct Certificate {
    std::string listener;  ///< "public", "admin"
    std::string file;      ///< PEM
  };
  struct Deps {
    AlertBoard& board;
    EventStore& events;
    Database& db;
    SettingsCache& settings;
    const Clock& clock;
    std::string dataDir;
    std::vector<Certificate> certificates;
  };
  static constexpr int64_t kCertificateWarningDays = 30;

  explicit ConditionMonitor(Deps deps) : deps_(std::move(deps)) {}
  ~ConditionMonitor() { stop(); }

  void start();
  void stop();
  void runOnce();

 private:
  void checkQueue(int64_t now, const AlertSettings& s);
  void checkCertificates(int64_t now);
  void checkDisk(const AlertSettings& s);
  void checkDatabase();

  Deps deps_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace enp
