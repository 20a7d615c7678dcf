#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "enp/common/clock.h"
#include "enp/config/settings.h"
#include "enp/store/settings_cache.h"
#include "enp/store/settings_store.h"
#include "rules/zones.h"

namespace enp::admin {

/// The outcome of an edit: status 0 = saved; otherwise the HTTP status and a message naming
/// the field ("ewsUrl: expected an http(s) URL, got 'x'").
struct EditResult {
  int status = 0;
  std::string error;
  bool ok() const { return status == 0; }
  static EditResult fail(int status, std::string error) { return {status, std::move(error)}; }
};

/// Read-modify-write of the settings document for the admin API. Every edit is validated like
/// `enp settings import` (the whole document, by its JSON form) plus the values of
/// policy.registrationDefaults against the zone database, then saved in one transaction; the
/// running daemon's SettingsCache is told to reload. Edits are serialised. Thread-safe.
class SettingsEditor {
 public:
  SettingsEditor(SettingsStore& store, SettingsCache& cache, const rules::ZoneDb& zones,
                 const Clock& clock)
      : store_(store), cache_(cache), zones_(zones), clock_(clock) {}

  /// The stored settings (fresh from the store). Throws std::runtime_error when unreadable.
  Settings load();

  /// Applies `change` to the stored settings; the change may refuse with its own EditResult.
  EditResult edit(const std::function<EditResult(Settings&)>& change);

  /// Checks a registrationDefaults object (JSON text) against the zone database; "" when fine,
  /// else "<path>.<field>: problem".
  std::string checkRegistrationDefaults(const std::string& json, const std::string& path) const;

 private:
  SettingsStore& store_;
  SettingsCache& cache_;
  const rules::ZoneDb& zones_;
  const Clock& clock_;
  std::mutex mutex_;  // serialises edits
};

}  // namespace enp::admin
