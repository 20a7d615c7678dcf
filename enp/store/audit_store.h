#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/database.h"

namespace enp {

/// One change made through the console, the admin API or the admin CLI.
struct AuditEntry {
  int64_t id = 0;
  int64_t at = 0;       ///< ms since the epoch
  std::string actor;    ///< user name, "token:<label>" or "cli"
  std::string action;   ///< e.g. "exchange.update", "login.failed"
  std::string target;   ///< what was changed ("mail1", a registration id); may be empty
  std::string details;  ///< JSON object; never holds a secret
};

/// The audit log (table audit). Thread-safe. Database failures are kStore (the database's
/// exceptions never leave this class).
class AuditStore {
 public:
  explicit AuditStore(Database& db) : db_(db) {}

  /// Bounded and escaped: actor and target (which may be request-supplied, e.g. the user name
  /// of a failed login) are stored through forLog(..., kMaxTextBytes), and details longer than
  /// kMaxDetailsBytes are replaced by {"omitted": "<N> bytes of details"}.
  Status record(const AuditEntry& entry);

  static constexpr size_t kMaxTextBytes = 256;
  static constexpr size_t kMaxDetailsBytes = 4096;
  /// Newest first; at most `limit` entries, optionally only those whose action starts with
  /// `actionPrefix`.
  Result<std::vector<AuditEntry>> recent(int limit, const std::string& actionPrefix = "");

 private:
  Database& db_;
};

}  // namespace enp
