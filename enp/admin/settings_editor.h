#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "enp/common/clock.h"
#include "enp/common/status.h"
#include "enp/config/settings.h"
#include "enp/store/settings_cache.h"
#include "enp/store/settings_store.h"
#include "rules/zones.h"

namespace enp::admin {

/// Read-modify-write of the settings document for the admin API. Every edit is validated like
/// `enp settings import` (the whole document, by its JSON form) plus the values of
/// policy.registrationDefaults against the zone database, then saved in one transaction; the
/// running daemon's SettingsCache is told to reload. Edits are serialised. Thread-safe.
class SettingsEditor {
 public:
  SettingsEditor(SettingsStore& store, SettingsCache& cache, const rules::ZoneDb& zones,
                 const Clock& clock)
      : store_(store), cache_(cache), zones_(zones), clock_(clock) {}

  /// The stored settings (fresh from the store); SettingsStore::load()'s failure otherwise.
  Result<Settings> load();

  /// Applies `change` to the stored settings and saves them. The change may refuse with a
  /// Status of its own (kConflict "name: 'x' exists already", kNotFound, ...), returned as it
  /// is; otherwise kInvalid naming the field when the changed document does not validate, kStore
  /// when it cannot be saved, kInternal when the stored settings cannot be read.
  Status edit(const std::function<Status(Settings&)>& change);

  /// Checks a registrationDefaults object (JSON text) against the zone database; kInvalid
  /// "<path>.<field>: problem" when it does not pass.
  Status checkRegistrationDefaults(const std::string& json, const std::string& path) const;

  /// The stored settings' version (SettingsStore::version()): changes with every save.
  Result<int64_t> version();
  const rules::ZoneDb& zones() const { return zones_; }

 private:
  SettingsStore& store_;
  SettingsCache& cache_;
  const rules::ZoneDb& zones_;
  const Clock& clock_;
  std::mutex mutex_;  // serialises edits
};

}  // namespace enp::admin
