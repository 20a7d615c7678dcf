#include "enp/backup/restore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <vector>

#include "enp/backup/backup_archive.h"
#include "enp/backup/owner_only_file.h"
#include "enp/common/data_dir_lock.h"
#include "enp/store/database.h"

namespace enp::backup {
namespace {

bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

// Removes the staging directory and what it holds (plain files only).
void removeStaging(const std::string& dir) {
  for (const std::string& name : backupFileNames()) {
    std::remove((dir + "/" + name).c_str());
  }
  ::rmdir(dir.c_str());
}

std::string stamp(int64_t nowMs) {
  const std::time_t t = static_cast<std::time_t>(nowMs / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

// The files of an installation that a restore replaces; the -wal and -shm files belong to the
// old database and go with it, the first-start password is the old installation's.
const std::vector<std::string>& replacedNames() {
  static const std::vector<std::string> kNames = {"enp.db",
                                                  "enp.db-wal",
                                                  "enp.db-shm",
                                                  "enp.key",
                                                  "admin-cert.pem",
                                                  "admin-key.pem",
                                                  "initial-admin-password"};
  return kNames;
}

struct Move {
  std::string from, to;
};

// Moves back what was moved, newest first.
void undo(const std::vector<Move>& moves) {
  for (auto it = moves.rbegin(); it != moves.rend(); ++it) {
    std::rename(it->to.c_str(), it->from.c_str());
  }
}

// Writes the backup's files into `staging` (made; removed again on failure) and checks the
// database there: its schema version.
Result<int> writeStaging(const Backup& backup, const std::string& staging) {
  removeStaging(staging);
  if (::mkdir(staging.c_str(), 0700) != 0) {
    return Status::store(staging + ": " + std::strerror(errno));
  }
  for (const ArchiveEntry& f : backup.files) {
    if (Status w = writeOwnerOnly(staging + "/" + f.name, f.bytes); !w.ok()) {
      removeStaging(staging);
      return w;
    }
  }
  const Result<int> checked = Database::verifyFile(staging + "/" + kDatabaseFile);
  if (!checked.ok()) {
    removeStaging(staging);
    return checked.error();
  }
  return *checked;
}

bool isInstalled(const std::string& dir) {
  for (const std::string& name : replacedNames()) {
    if (exists(dir + "/" + name)) {
      return true;
    }
  }
  return false;
}

void syncDir(const std::string& dir) {
  if (const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
    ::fsync(fd);  // the renames survive a power loss
    ::close(fd);
  }
}

// Moves the files `names` from `staging` into `dir`, the installation's files first moved aside
// to <dir>/before-restore-<time> (returned; "" when there were none). On failure everything is
// moved back, `staging` included.
Result<std::string> install(const std::string& staging, const std::vector<std::string>& names,
                            const std::string& dir, int64_t nowMs) {
  std::string keptAside;
  std::vector<Move> moves;
  if (isInstalled(dir)) {
    keptAside = dir + "/before-restore-" + stamp(nowMs);
    if (::mkdir(keptAside.c_str(), 0700) != 0) {
      return Status::store(keptAside + ": " + std::strerror(errno));
    }
    for (const std::string& name : replacedNames()) {
      Move m{dir + "/" + name, keptAside + "/" + name};
      if (!exists(m.from)) {
        continue;
      }
      if (std::rename(m.from.c_str(), m.to.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        undo(moves);
        ::rmdir(keptAside.c_str());
        return Status::store(m.from + ": cannot be moved aside: " + why);
      }
      moves.push_back(std::move(m));
    }
  }
  for (const std::string& name : names) {
    Move m{staging + "/" + name, dir + "/" + name};
    if (std::rename(m.from.c_str(), m.to.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      undo(moves);
      if (!keptAside.empty()) {
        ::rmdir(keptAside.c_str());
      }
      return Status::store(m.to + ": cannot be put in place: " + why);
    }
    moves.push_back(std::move(m));
  }
  return keptAside;
}

}  // namespace

Result<RestoreReport> restoreBackup(const RestoreOptions& options) {
  const std::string& dir = options.dataDir;
  std::ifstream in(options.archivePath, std::ios::binary);
  if (!in) {
    return Status::notFound(options.archivePath + ": no such file (or not readable)");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  Result<Backup> backup = readBackup(bytes.str());
  if (!backup.ok()) {
    return Status::invalid(options.archivePath + ": " + backup.error().message());
  }
  if (!exists(dir) && ::mkdir(dir.c_str(), 0700) != 0) {
    return Status::store(dir + ": " + std::strerror(errno));
  }
  Result<DataDirLock> lock = DataDirLock::acquire(dir);
  if (!lock.ok()) {
    return lock.error();
  }
  if (isInstalled(dir) && !options.replace) {
    return Status::conflict(dir +
                            " already holds an installation (enp.db or enp.key): to replace it, "
                            "stop ENP and add --replace (its files are kept aside)");
  }
  const std::string staging = dir + "/.restore-" + std::to_string(::getpid());
  const Result<int> checked = writeStaging(*backup, staging);
  if (!checked.ok()) {
    return checked.error().code() == StatusCode::kInvalid
               ? Status::invalid(options.archivePath + ": " + checked.error().message())
               : checked.error();
  }
  std::vector<std::string> names;
  for (const ArchiveEntry& f : backup->files) {
    names.push_back(f.name);
  }
  const Result<std::string> keptAside = install(staging, names, dir, options.nowMs);
  if (!keptAside.ok()) {
    removeStaging(staging);
    return keptAside.error();
  }
  RestoreReport report{*checked, backup->createdAtMs, *keptAside};
  ::rmdir(staging.c_str());
  // Run by root for a service user's directory (sudo without -u enp): the files go to the
  // directory's owner, whom ENP runs as, or it could not read its own key.
  struct stat owner {};
  if (::geteuid() == 0 && ::stat(dir.c_str(), &owner) == 0 && owner.st_uid != 0) {
    for (const std::string& name : names) {
      (void)!::chown((dir + "/" + name).c_str(), owner.st_uid, owner.st_gid);
    }
    (void)!::chown((dir + "/enp.lock").c_str(), owner.st_uid, owner.st_gid);
  }
  syncDir(dir);
  return report;
}

Result<RestoreReport> stageRestore(const std::string& archive, const std::string& dataDir) {
  Result<Backup> backup = readBackup(archive);
  if (!backup.ok()) {
    return Status::invalid(backup.error().message());
  }
  // Written apart, then renamed into place: a staged restore is whole or not there.
  static std::atomic<int> uploads{0};
  const std::string upload =
      dataDir + "/.restore-upload-" + std::to_string(::getpid()) + "-" + std::to_string(++uploads);
  const Result<int> checked = writeStaging(*backup, upload);
  if (!checked.ok()) {
    return checked.error();
  }
  const std::string staged = dataDir + "/" + kStagedRestoreDir;
  removeStaging(staged);
  if (std::rename(upload.c_str(), staged.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    removeStaging(upload);
    return Status::store(staged + ": " + why);
  }
  syncDir(dataDir);
  return RestoreReport{*checked, backup->createdAtMs, ""};
}

bool restoreStaged(const std::string& dataDir) {
  return exists(dataDir + "/" + kStagedRestoreDir + "/" + kDatabaseFile);
}

Result<std::optional<RestoreReport>> applyStagedRestore(const std::string& dataDir, int64_t nowMs) {
  const std::string staged = dataDir + "/" + kStagedRestoreDir;
  if (!restoreStaged(dataDir)) {
    return std::optional<RestoreReport>();
  }
  const Result<int> checked = Database::verifyFile(staged + "/" + kDatabaseFile);
  if (!checked.ok()) {
    return Status::invalid(staged + ": " + checked.error().message());
  }
  if (!exists(staged + "/" + kKeyFile)) {
    return Status::invalid(staged + ": " + kKeyFile + " is missing");
  }
  std::vector<std::string> names;
  for (const std::string& name : backupFileNames()) {
    if (exists(staged + "/" + name)) {
      names.push_back(name);
    }
  }
  const Result<std::string> keptAside = install(staged, names, dataDir, nowMs);
  if (!keptAside.ok()) {
    return keptAside.error();
  }
  ::rmdir(staged.c_str());
  syncDir(dataDir);
  return std::optional<RestoreReport>(RestoreReport{*checked, 0, *keptAside});
}

}  // namespace enp::backup
