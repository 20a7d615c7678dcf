#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/common/status.h"
#include "enp/store/alert_store.h"

namespace enp {

/// What a source raises: the alert's identity and texts (alert_catalog.h builds them).
struct AlertText {
  std::string key;
  Severity severity = Severity::kWarning;
  std::string title;
  std::string summary;
  std::string advice;
};

/// An episode as the board holds it: `ref` names it in memory before (or without) a database
/// id, for the notifier's markMailed().
struct BoardAlert {
  uint64_t ref = 0;
  Alert alert;
};

/// How the last attempts to send alert mail went, for the dashboard.
struct MailHealth {
  int64_t lastSentAt = 0;   ///< ms; 0 = none since the start
  int64_t lastErrorAt = 0;  ///< ms; 0 = none, or a mail went out after it
  std::string lastError;    ///< "535 authentication failed: ..."; no secrets
};

/// The alerts that are open now (DESIGN §6.8): raised and resolved by the pipeline and the
/// condition checks, read by the notifier (mail), the dashboard and /metrics.
///
/// raise() and resolve() only change memory and wake the notifier: they never wait for the
/// database or the mail server, so the notification path is never slowed. The notifier's
/// thread then stores what changed (persist()). Memory is the truth while ENP runs (an alert
/// that the database cannot store, e.g. "the database fails to commit", is still mailed);
/// load() brings back what was open at the last stop.
/// Thread-safe: every member may be called from any thread.
class AlertBoard {
 public:
  AlertBoard(AlertStore& store, const Clock& clock, Metrics& metrics);

  /// Loads the open episodes from the store (call before the first raise()).
  Status load();

  /// A new episode when the key is not firing; otherwise count + 1, last seen now and the
  /// newest texts. A higher severity than the one mailed makes it due for mail again.
  void raise(const AlertText& text);
  /// Resolves the key's episode when it is firing; one map look-up when it is not.
  void resolve(const std::string& key);

  /// Firing episodes, oldest first.
  std::vector<Alert> firing() const;
  bool isFiring(const std::string& key) const;
  /// Firing episodes and resolved ones whose "resolved" mail is not settled: what the notifier
  /// decides on.
  std::vector<BoardAlert> open() const;

  /// After a mail went out at `atMs`: `firing` refs were reported firing, `resolved` refs
  /// resolved (their episode is settled). `settled` refs need no mail about their resolution.
  void markMailed(const std::vector<uint64_t>& firing, const std::vector<uint64_t>& resolved,
                  int64_t atMs);
  void markSettled(const std::vector<uint64_t>& settled);

  /// Stores every changed episode; the first failure is returned and the rest stay changed
  /// for the next call.
  Status persist();

  /// Several nodes on one database (the holder of the alert-mail share, before it plans):
  /// takes in the firing episodes other nodes stored, and follows those taken in: their texts
  /// and counts as the raising node stores them; resolved there, or gone from the open ones
  /// (settled by that node), they resolve here too (a "resolved" mail when one reported them
  /// firing). Episodes raised here stay as they are. kStore when the store cannot be read.
  Status adoptStored();

  void mailSent(int64_t atMs);
  void mailFailed(const std::string& error, int64_t atMs);
  MailHealth mailHealth() const;

  /// Called after each change that may need mail or storing, outside the board's lock (the
  /// notifier's wake()). Set before the board is shared.
  void setOnChange(std::function<void()> fn) { onChange_ = std::move(fn); }

 private:
  struct Entry {
    Alert alert;
    uint64_t version = 1;       ///< + 1 with every change
    uint64_t savedVersion = 0;  ///< the version last stored
    Severity mailedSeverity = Severity::kWarning;
    bool adopted = false;  ///< Raised by another node (adoptStored()).
  };
  void gauge(const std::string& key);  // registers enp_alerts_firing{key} once; not under mutex_
  void changed();
  void forgetSettled();  // requires mutex_ held

  AlertStore& store_;
  const Clock& clock_;
  Metrics& metrics_;
  std::function<void()> onChange_;

  std::mutex persistMutex_;  // one persist() at a time
  mutable std::mutex mutex_;
  uint64_t nextRef_ = 1;                    // GUARDED_BY(mutex_)
  std::map<uint64_t, Entry> entries_;       // GUARDED_BY(mutex_): open episodes by ref
  std::map<std::string, uint64_t> firing_;  // GUARDED_BY(mutex_): key -> ref
  std::set<std::string> gauged_;            // GUARDED_BY(mutex_)
  MailHealth mail_;                         // GUARDED_BY(mutex_)
};

}  // namespace enp
