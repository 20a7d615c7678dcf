#pragma once

#include <optional>
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

/// Where a restore uploaded to the running daemon waits for its next start, in the data
/// directory: the daemon cannot swap the database it has open.
inline constexpr const char* kStagedRestoreDir = "restore-staged";

/// Verifies an archive as restoreBackup() does (manifest, checksums, key, the database's
/// integrity, a schema not newer than this binary's) and stages its files in
/// <dataDir>/restore-staged, replacing a restore staged before, for applyStagedRestore() at the
/// next start. Takes no lock (the running daemon holds it) and leaves the installation alone.
/// Errors: kInvalid (not a backup, damaged, from a newer ENP), kStore (a file cannot be
/// written). On error nothing is staged (a restore staged before stays).
Result<RestoreReport> stageRestore(const std::string& archive, const std::string& dataDir);

/// True when a restore is staged in dataDir.
bool restoreStaged(const std::string& dataDir);

/// At start, with the data directory's lock held and before the database is opened: puts a
/// staged restore in place as `enp restore --replace` does (the installation's files moved to
/// <dataDir>/before-restore-<time>). nullopt when none is staged. On error (the staged database
/// no longer passes, a file cannot be moved) everything is as it was, the staged restore
/// included.
Result<std::optional<RestoreReport>> applyStagedRestore(const std::string& dataDir, int64_t nowMs);

}  // namespace enp::backup
