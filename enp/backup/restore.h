#pragma once

#include <string>

#include "enp/common/status.h"

namespace enp::backup {

struct RestoreOptions {
  std::string archivePath;
  std::string dataDir;
  /// The data directory may already hold an installation (stopped): its files are moved to
  /// `<dataDir>/before-restore-<time>` rather than refused.
  bool replace = false;
  int64_t nowMs = 0;
};

/// What a restore did, for the command's answer.
struct RestoreReport {
  int schemaVersion = 0;
  int64_t createdAtMs = 0;
  std::string keptAside;  ///< Where the replaced files went ("" when there were none).
};

/// Restores a backup into a data directory (created when missing) that no running ENP holds.
/// In order: the archive is read and verified (manifest, checksums, key), the directory's lock
/// taken, the files written to a staging directory inside it and the database checked there
/// (integrity, schema); only then are the old files moved aside and the new ones moved in.
/// A failure at any step leaves the directory as it was. Errors: kNotFound (no archive),
/// kInvalid (not a backup, damaged), kConflict (a running ENP holds the directory, or it holds
/// an installation and `replace` is false), kStore (a file cannot be written or moved).
Result<RestoreReport> restoreBackup(const RestoreOptions& options);

}  // namespace enp::backup
