#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "enp/common/status.h"
#include "enp/config/alert_settings.h"
#include "enp/store/database.h"

namespace enp {

/// Whether the condition behind an alert still holds.
enum class AlertState { kFiring, kResolved };

const char* toString(AlertState state);
std::optional<AlertState> parseAlertState(std::string_view text);

/// One episode of a problem the administrator must hear of: from the first time it was seen
/// until it resolved by itself. A key fires at most once at a time; when it fires again after
/// resolving, that is a new episode (a new id). Texts hold no secrets and no mail content.
struct Alert {
  int64_t id = 0;   ///< 0 until stored.
  std::string key;  ///< What and where: "exchange-auth:mail1", "cns-rejects", "queue-backlog".
  Severity severity = Severity::kWarning;
  std::string title;        ///< One line: "Exchange mail1: impersonation denied".
  std::string summary;      ///< What happened, in plain words, with the technical detail.
  std::string advice;       ///< What to do.
  int64_t firstSeenAt = 0;  ///< ms since the epoch
  int64_t lastSeenAt = 0;   ///< ms
  int64_t count = 0;        ///< Times raised in this episode.
  AlertState state = AlertState::kFiring;
  int64_t resolvedAt = 0;  ///< ms; 0 while firing.
  /// Mail bookkeeping (alert_notifier.h): when a mail last reported it firing (0 = not yet),
  /// and whether its "resolved" mail is settled (sent, or none is due).
  int64_t mailedAt = 0;
  bool resolvedMailed = false;
};

/// The alerts table (migration 3). Thread-safe. Store failures come back as kStore.
class AlertStore {
 public:
  explicit AlertStore(Database& db) : db_(db) {}

  /// Inserts a new episode (a.id == 0) and returns its id, or updates the episode a.id. A new
  /// firing episode whose key is firing already (raised by another node sharing the database)
  /// joins that episode: its id, with the newer text, the later last-seen time and both counts.
  Result<int64_t> save(const Alert& a);
  /// Episodes the notifier and the dashboard still care about: firing ones, and resolved ones
  /// whose "resolved" mail is not settled. Oldest first.
  Result<std::vector<Alert>> open();
  /// Newest episodes first, at most `limit`; only those with id < beforeId when beforeId > 0
  /// (the next page).
  Result<std::vector<Alert>> history(int limit, int64_t beforeId = 0);
  /// Deletes settled episodes that resolved before `beforeMs`; returns how many.
  Result<int> prune(int64_t beforeMs);

 private:
  Database& db_;
};

}  // namespace enp
