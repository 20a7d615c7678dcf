#pragma once

#include <cstdint>
#include <string>

#include "enp/common/status.h"
#include "enp/config/settings.h"
#include "enp/store/database.h"

namespace enp {

/// The settings document, stored as one JSON row (secrets included: the file is 0600).
/// Database failures are kStore (the database's exceptions never leave this class).
class SettingsStore {
 public:
  explicit SettingsStore(Database& db) : db_(db) {}

  /// The stored settings (defaults when none were saved). kInvalid when the stored document no
  /// longer validates (the message names the field), kStore when it cannot be read.
  Result<Settings> load();

  /// Replaces the document in one transaction; kStore when that fails.
  Status save(const Settings& settings, int64_t nowMs);

  /// Changes whenever save() commits (0 = never saved): lets readers reload cheaply.
  Result<int64_t> version();

 private:
  Database& db_;
};

}  // namespace enp
