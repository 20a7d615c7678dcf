#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "enp/common/clock.h"
#include "enp/common/log.h"
#include "enp/common/look_pacer.h"
#include "enp/common/metrics.h"
#include "enp/common/status.h"
#include "enp/config/settings.h"
#include "enp/source/hours/mailbox_work_hours.h"
#include "enp/store/mailbox_hours_store.h"

namespace enp {

/// The record after a read at nowMs. A read with hours -> kFound; without (or naming no day)
/// -> kNone; a failure keeps what an earlier read found (kFailed only while nothing was ever
/// read) and is tried again after a back-off from `retry` doubling up to six hours. Successful
/// reads are repeated after `refresh` plus a spread of up to an hour derived from the mailbox,
/// so that a start with many mailboxes does not read them all again at the same time the next
/// day.
MailboxHours afterRead(const std::string& mailbox, const std::optional<MailboxHours>& previous,
                       const MailboxHoursRead& read, int64_t nowMs,
                       std::chrono::milliseconds refresh, std::chrono::milliseconds retry);

/// Reads the working hours and time zone of the mailboxes whose registrations say
/// workHoursFrom "mailbox", when first asked for and then daily, and stores them for the
/// decisions (MailboxHoursStore): one keeper per mail system (EWS, Graph), each reading the
/// mailboxes its source serves, so that the decisions are the same whichever read them.
class MailboxHoursKeeper {
 public:
  struct Options {
    /// How often due mailboxes are looked for, at most: a look that found fewer than `batch`
    /// waits besides 50 times what its read took (LookPacer), so that at 100,000
    /// registrations the looks do not keep a core busy.
    std::chrono::milliseconds tick{1000};
    int batch = 20;  ///< Reads per look at most (a bounded rate).
    std::chrono::milliseconds refresh{std::chrono::hours(24)};
    std::chrono::milliseconds retry{std::chrono::minutes(5)};
  };

  struct Deps {
    MailboxHoursStore& store;
    Metrics& metrics;
    const Clock& clock;
    /// The settings now (never null).
    std::function<std::shared_ptr<const Settings>()> settings;
    /// Whether this keeper's source serves the mailbox; the others are left to their keeper.
    std::function<bool(const Settings& settings, const std::string& mailbox)> serves;
    /// Reads one mailbox's working hours (blocking); `previousZone` is the zone found before
    /// ("" for none), preferred among zones with the same rules.
    std::function<MailboxHoursRead(const Settings& settings, const std::string& mailbox,
                                   const std::string& previousZone)>
        read;
    log::Id logId;  ///< The source's logger.
  };

  MailboxHoursKeeper(Deps deps, Options options);
  ~MailboxHoursKeeper();
  MailboxHoursKeeper(const MailboxHoursKeeper&) = delete;
  MailboxHoursKeeper& operator=(const MailboxHoursKeeper&) = delete;

  void start();
  void stop();
  /// Reads what is due now, on the calling thread; the number of mailboxes read.
  int runOnce();

 private:
  void loop();

  Deps deps_;
  const Options options_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  LookPacer looks_;        // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace enp
