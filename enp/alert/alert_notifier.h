#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "enp/alert/alert_board.h"
#include "enp/alert/smtp_mailer.h"
#include "enp/cluster/share_book.h"
#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/store/settings_cache.h"

namespace enp {

/// Mails the administrator about the board's alerts on a thread of its own, so that a slow or
/// hanging mail server never slows the notification path. Each round stores what changed on
/// the board, plans (alert_plan.h) and sends at most one mail. A failed mail is logged, shown
/// on the dashboard (AlertBoard::mailHealth) and tried again after a back-off (30 s doubling
/// to 30 min); the alerts stay due, so none is lost.
/// Thread-safe: wake() from any thread; runOnce() only from one thread at a time (the
/// notifier's own, or a test's when the thread is not started).
class AlertNotifier {
 public:
  struct Deps {
    AlertBoard& board;
    SettingsCache& settings;
    Mailer& mailer;  ///< Used only on the notifier's thread.
    const Clock& clock;
    Metrics& metrics;
    std::string hostName;
    std::string consoleUrl;  ///< Where the mail points to (the console's alert page).
    /// Several nodes: every node raises and stores its alerts, only the node holding the
    /// alert-mail share mails them, those the others raised included (AlertBoard::adoptStored,
    /// every few seconds). Null: one node, this one mails its own.
    const cluster::ShareBook* shares = nullptr;
  };
  explicit AlertNotifier(Deps deps);
  ~AlertNotifier();

  void start();
  /// Returns after the round in progress (a mail in flight ends within the SMTP timeouts).
  void stop();
  /// Something changed on the board: run a round now.
  void wake();

  /// One round; returns when the next is due (ms since the epoch; 0 = only when woken).
  int64_t runOnce();

 private:
  void loop();

  Deps deps_;
  // Below: only the round's thread.
  int failures_ = 0;     // consecutive failed mails
  int64_t retryAt_ = 0;  // no mail before this (back-off after a failure)
  int64_t persistLoggedAt_ = 0;

  std::mutex mutex_;
  std::condition_variable cv_;
  bool woken_ = false;     // GUARDED_BY(mutex_)
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace enp
