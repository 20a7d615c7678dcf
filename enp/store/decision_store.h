#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/database.h"
#include "enp/store/event_state.h"

namespace enp {

/// Why a mail was (or was not) pushed. No mail content is stored.
struct DecisionRecord {
  std::string registrationId;
  std::string itemId;
  int64_t decidedAt = 0;
  EventState outcome = EventState::kDelivered;  ///< A final state.
  std::string rule;                             ///< The rule or failure that decided.
  std::string reason;                           ///< One line for a help-desk person.
  std::string localTime;
  std::string zone;
};

/// Keeps the last `keep` decisions per registration. Thread-safe.
class DecisionStore {
 public:
  DecisionStore(Database& db, int keep) : db_(db), keep_(keep) {}

  /// Records in a transaction of its own (group-committed).
  Status record(const DecisionRecord& d);
  /// Records inside a Database::write() already running on this thread (throws the database's
  /// exceptions there, which roll that write back).
  void writeIn(const DecisionRecord& d);
  /// Newest first.
  Result<std::vector<DecisionRecord>> recent(const std::string& registrationId, int limit);

 private:
  Database& db_;
  const int keep_;
};

}  // namespace enp
