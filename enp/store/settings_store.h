#pragma once

#include <cstdint>
#include <string>

#include "enp/config/settings.h"
#include "enp/store/database.h"

namespace enp {

/// The settings document, stored as one JSON row (secrets included: the file is 0600).
class SettingsStore {
 public:
  explicit SettingsStore(Database& db) : db_(db) {}

  /// The stored settings (defaults when none were saved). False with *error when the stored
  /// document no longer validates.
  bool load(Settings* out, std::string* error);

  /// Replaces the document in one transaction.
  bool save(const Settings& settings, int64_t nowMs, std::string* error);

  /// Changes whenever save() commits (0 = never saved): lets readers reload cheaply.
  int64_t version();

 private:
  Database& db_;
};

}  // namespace enp
