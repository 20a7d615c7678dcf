#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "enp/common/status.h"
#include "enp/store/database.h"

namespace enp {

/// When a registration key (by label) was created and last used.
struct KeyUsage {
  std::optional<int64_t> createdAt;
  std::optional<int64_t> lastUsedAt;
};

/// Usage of the registration keys of the settings document (table registration_key_usage).
/// The keys themselves stay in the settings document so `enp settings export/import` carries
/// them; this table only adds times. Thread-safe. Database failures are kStore (SQLite's
/// exceptions never leave this class).
class KeyUsageStore {
 public:
  explicit KeyUsageStore(Database& db) : db_(db) {}

  /// A key was created under this label (resets its usage: a new key, a new history).
  Status created(const std::string& label, int64_t nowMs);
  /// A registration was made with the key of this label.
  Status used(const std::string& label, int64_t nowMs);
  /// The key of this label is gone (OK when it had no usage row).
  Status forget(const std::string& label);
  /// Every label's usage.
  Result<std::map<std::string, KeyUsage>> all();

 private:
  Database& db_;
};

}  // namespace enp
