#pragma once

#include <Poco/JSON/Object.h>

#include <vector>

#include "enp/common/status.h"
#include "enp/config/settings.h"
#include "enp/config/settings_changes.h"
#include "enp/config/settings_import.h"
#include "rules/zones.h"

namespace enp::admin {

/// What importing a settings document does to the stored settings, as the console previews
/// it, the admin API applies it and `enp settings import` prints it.
struct ImportPlan {
  ImportMode mode = ImportMode::kMerge;
  ImportedSettings imported;  ///< What to save; the sections replaced and kept.
  /// From the stored settings to imported.settings, over the sections replaced; no secret.
  std::vector<SettingChange> changes;
};

/// importSettings() (enp/config/settings_import.h), then the registration defaults checked
/// against the zone database as the admin API checks them ("policy.registrationDefaults.
/// timeZone: ..."), then the change list. A problem is kInvalid naming the field, and nothing
/// is planned. Pure.
Result<ImportPlan> planImport(const Settings& stored, const Poco::JSON::Object& doc,
                              ImportMode mode, const rules::ZoneDb& zones);

/// {"mode": "merge"|"replace", "replaced": [section], "kept": [section], "changes": [...]}
/// (changesToJson(): never a secret).
Poco::JSON::Object::Ptr planToJson(const ImportPlan& plan);

/// The audit entry of an import: planToJson() without the secrets kept (no change), the
/// changes cut to fit the audit log, and "changesOmitted": N when some had to be left out.
Poco::JSON::Object auditDetails(const ImportPlan& plan);

}  // namespace enp::admin
