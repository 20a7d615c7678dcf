#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "enp/backup/tar_file.h"
#include "enp/common/status.h"
#include "enp/store/database.h"

namespace enp::backup {

/// What an ENP backup holds (docs/backup.md): a ustar archive of
///   manifest.json  {format: "enp-backup", formatVersion: 1, enpVersion, createdAtMs,
///                   schemaVersion, files: {name: {size, sha256}}}
///   enp.db         the database, a consistent online copy (SQLite's backup API)
///   enp.key        the data key that seals the stored mail-account passwords and derives the
///                  callback tokens and TOTP secrets' key: without it they are lost
///   admin-cert.pem, admin-key.pem   the console's certificate, when the data directory has it
/// The archive holds every stored secret in the clear (or with the key that opens it): it is
/// written readable by its owner only and must be kept as safe as the server itself.
inline constexpr const char* kDatabaseFile = "enp.db";
inline constexpr const char* kKeyFile = "enp.key";
inline constexpr const char* kManifestFile = "manifest.json";

/// The files a backup carries besides the manifest, in the order they are restored.
const std::vector<std::string>& backupFileNames();

/// Takes a backup of the running installation: `db` copied online into a scratch file in
/// `dataDir` (removed again) and checked there as a restore checks it, with the key file and
/// the console certificate beside it. kStore when the copy cannot be made or does not pass,
/// or a file cannot be read.
Result<std::string> makeBackup(Database& db, const std::string& dataDir, int64_t nowMs);

/// A backup whose manifest and checksums were verified.
struct Backup {
  int schemaVersion = 0;
  int64_t createdAtMs = 0;
  std::string enpVersion;
  std::vector<ArchiveEntry> files;  ///< enp.db and enp.key always, then the optional ones.
};

/// Reads and verifies an archive: a tar with a manifest of this format, every file it lists
/// present with its size and SHA-256, the database and a 32-byte key among them. kInvalid
/// saying what is wrong. The database itself is checked after it is written out
/// (Database::verifyFile).
Result<Backup> readBackup(const std::string& archive);

}  // namespace enp::backup
