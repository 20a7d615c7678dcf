#pragma once

#include <iosfwd>
#include <string>

#include "enp/store/database.h"

namespace enp::cli {

struct SettingsImportOptions {
  std::string file;       ///< "-" = stdin
  bool replace = false;   ///< The document is all of the settings (--replace).
  bool dryRun = false;    ///< Print the changes, save nothing (--dry-run).
  std::string zonesPath;  ///< windowsZones.xml, to check the registration defaults' time zone.
};

/// `enp settings import`: plans the import as the admin API does (enp/admin/import_plan.h),
/// prints each change (a secret only as added, changed, removed or kept) and the sections left
/// as they are, then saves and audits it (actor "cli") unless dryRun. 0, or 1 with the problem
/// on err (an invalid document names the field; nothing is saved).
int importSettingsFile(Database& db, const SettingsImportOptions& options, std::ostream& out,
                       std::ostream& err);

}  // namespace enp::cli
