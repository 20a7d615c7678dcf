// `enp backup` and `enp restore`: a consistent copy of an installation taken while the daemon
// runs, and its restore into a fresh or stopped data directory (docs/backup.md).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "enp/backup/backup_archive.h"
#include "enp/backup/owner_only_file.h"
#include "enp/backup/restore.h"
#include "enp/cli/commands.h"
#include "enp/cli/common_options.h"
#include "enp/cli/options.h"
#include "enp/common/clock.h"
#include "enp/common/secrets.h"
#include "enp/store/audit_store.h"

namespace enp::cli {
namespace {

constexpr const char* kBackupUsage = "usage: enp backup (--out FILE | FILE) [--config PATH]\n";
constexpr const char* kBackupHelp =
    "Writes a backup of the installation the bootstrap file names, while ENP runs: a tar\n"
    "archive of the database (a consistent copy through SQLite's online backup), the data key\n"
    "enp.key (without it the stored mail-account passwords cannot be opened) and the console\n"
    "certificate when it lives in the data directory. FILE is created readable by its owner\n"
    "only (0600): it holds every stored secret, keep it as safe as the server itself.\n"
    "Restore it with `enp restore`.\n";
constexpr const char* kRestoreUsage =
    "usage: enp restore (--from FILE | FILE) (--data-dir DIR | --config PATH) [--replace]\n";
constexpr const char* kRestoreHelp =
    "Restores a backup made by `enp backup` (or the console's System page) into a data\n"
    "directory: a new one (created), or that of a stopped installation with --replace (its\n"
    "files are moved to DIR/before-restore-<time>, nothing is deleted). Refused while an ENP\n"
    "runs on DIR. The backup is verified (checksums, the database's integrity and schema)\n"
    "before anything in DIR changes; a failure leaves DIR as it was. Then start ENP on DIR\n"
    "(storage.data_dir); the console users, their passwords and every setting are the\n"
    "backup's.\n";

}  // namespace

int backupCommand(const Args& args, std::ostream& out, std::ostream& err) {
  Options opts({"config", "out"}, {"help"});
  if (Status parsed = opts.parse(args); !parsed.ok()) {
    err << "enp backup: " << parsed.message() << "\n" << kBackupUsage;
    return 2;
  }
  if (opts.has("help")) {
    out << kBackupUsage << kBackupHelp;
    return 0;
  }
  // The file named by --out, or alone.
  const std::string outFile =
      opts.positional().size() == 1 && !opts.has("out") ? opts.positional()[0] : opts.get("out");
  if (outFile.empty() || opts.positional().size() > (opts.has("out") ? 0u : 1u)) {
    err << "enp backup: --out FILE names the backup to write\n" << kBackupUsage;
    return 2;
  }
  BootstrapConfig config;
  if (!loadConfig(opts.get("config"), &config, err)) {
    return 2;
  }
  if (::access(config.databasePath().c_str(), F_OK) != 0) {
    err << "enp backup: " << config.databasePath()
        << " does not exist: nothing to back up (is storage.data_dir right?)\n";
    return 1;
  }
  auto db = openDatabase(config, err);
  if (!db) {
    return 1;
  }
  SystemClock clock;
  const int64_t now = clock.nowMs();
  const Result<std::string> archive = backup::makeBackup(*db, config.dataDir, now);
  Status written = archive.ok() ? backup::writeOwnerOnly(outFile, *archive) : archive.error();
  if (written.ok()) {
    written = AuditStore(*db).record({0, now, "cli", "backup.create", outFile,
                                      "{\"bytes\":" + std::to_string(archive->size()) +
                                          ",\"sha256\":\"" + sha256Hex(*archive) + "\"}"});
  }
  if (!written.ok()) {
    err << "enp backup: " << written.message() << "\n";
    return 1;
  }
  out << "enp backup: " << outFile << " (" << archive->size() << " bytes, schema "
      << db->schemaVersion() << "); it holds the data key and every stored secret: keep it safe\n";
  return 0;
}

int restoreCommand(const Args& args, std::ostream& out, std::ostream& err) {
  Options opts({"config", "from", "data-dir"}, {"help", "replace"});
  if (Status parsed = opts.parse(args); !parsed.ok()) {
    err << "enp restore: " << parsed.message() << "\n" << kRestoreUsage;
    return 2;
  }
  if (opts.has("help")) {
    out << kRestoreUsage << kRestoreHelp;
    return 0;
  }
  const std::string fromFile =
      opts.positional().size() == 1 && !opts.has("from") ? opts.positional()[0] : opts.get("from");
  if (fromFile.empty() || opts.positional().size() > (opts.has("from") ? 0u : 1u)) {
    err << "enp restore: --from FILE names the backup to restore\n" << kRestoreUsage;
    return 2;
  }
  std::string dataDir = opts.get("data-dir");
  if (dataDir.empty()) {
    BootstrapConfig config;
    if (!loadConfig(opts.get("config"), &config, err)) {
      return 2;
    }
    dataDir = config.dataDir;
  }
  SystemClock clock;
  const Result<backup::RestoreReport> done =
      backup::restoreBackup({fromFile, dataDir, opts.has("replace"), clock.nowMs()});
  if (!done.ok()) {
    err << "enp restore: " << done.error().message() << "\n";
    return 1;
  }
  out << "enp restore: " << dataDir << " now holds the backup (schema " << done->schemaVersion
      << ")";
  if (!done->keptAside.empty()) {
    out << "; the replaced files are in " << done->keptAside;
  }
  out << "\nStart ENP on it (storage.data_dir = " << dataDir << ").\n";
  return 0;
}

}  // namespace enp::cli
