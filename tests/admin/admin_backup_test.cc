// Backup and restore: a backup downloaded from the console (or written by `enp backup`) while
// the daemon runs, restored with `enp restore` into a fresh data directory, serves the same
// registrations, settings and console users; bad input and a running installation are refused
// and leave the target as it was. A backup uploaded in the console is staged and put in place by
// the next start.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "admin_fixture.h"

namespace itest {
namespace {

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void writeAll(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::vector<std::string> listDir(const std::string& path) {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(path.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      names.emplace_back(e->d_name);
    }
    ::closedir(d);
  }
  return names;
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

class BackupTest : public AdminTest {
 protected:
  std::string download() {
    auto r = admin_->call("POST", "/api/v1/admin/backup",
                          std::string(R"({"password":")") + kAdminPassword + R"("})");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.contentType, "application/x-tar");
    EXPECT_NE(r.header("Content-Disposition").find("attachment; filename=\"enp-backup-"),
              std::string::npos);
    return r.body;
  }

  /// POST /restore with the archive as the body and the password repeated in X-ENP-Password.
  HttpResult upload(const std::string& archive, const std::string& password) {
    return httpRequest("POST", daemon_->adminBase() + "/api/v1/admin/restore", archive,
                       "application/x-tar",
                       {{"Cookie", admin_->cookie()},
                        {"X-CSRF-Token", admin_->csrf()},
                        {"X-ENP-Password", password}});
  }
  bool staged() {
    return parseObject(admin_->call("GET", "/api/v1/admin/system").body)
        ->getValue<bool>("restoreStaged");
  }
};

TEST_F(BackupTest, ABackupDownloadedWhileRunningRestoresIntoAFreshDataDirectory) {
  // Every secret is in it: a session repeats its password, as for an export with secrets.
  auto r = admin_->call("POST", "/api/v1/admin/backup", "{}");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("repeat your password to download a backup"), std::string::npos);
  r = admin_->call("POST", "/api/v1/admin/backup", R"({"password":"not-the-password"})");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_TRUE(audited("backup.password.failed"));
  EXPECT_FALSE(audited("backup.download"));

  const std::string archive = download();
  ASSERT_GT(archive.size(), 4096u);
  EXPECT_EQ(archive.substr(0, 13), "manifest.json");
  EXPECT_TRUE(audited("backup.download", "backup"));
  auto system = parseObject(admin_->call("GET", "/api/v1/admin/system").body);
  ASSERT_FALSE(system->isNull("lastBackup")) << "the System page tells when";
  EXPECT_EQ(system->getObject("lastBackup")->getValue<std::string>("via"), "console");

  const std::string settings = admin_->call("GET", "/api/v1/admin/settings").body;
  TempDir fresh("enp-restored");
  const std::string file = fresh.file("backup.tar");
  writeAll(file, archive);
  const CommandResult restored =
      runEnp({"restore", "--from", file, "--data-dir", fresh.path() + "/var"});
  ASSERT_EQ(restored.exitCode, 0) << restored.err;
  EXPECT_NE(restored.out.find("now holds the backup"), std::string::npos) << restored.out;

  Daemon second(fresh.path());
  ASSERT_TRUE(second.start()) << second.log();
  EXPECT_FALSE(exists(second.dataDir() + "/initial-admin-password"))
      << "the backup's users came back: no first start";
  AdminClient other(second.adminBase());
  ASSERT_EQ(other.login("admin", kAdminPassword).status, 200) << "the same users and passwords";
  auto list = parseArray(other.call("GET", "/api/v1/admin/registrations").body);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("id"), reg_.id);
  EXPECT_EQ(other.call("GET", "/api/v1/admin/settings").body, settings);
  EXPECT_EQ(second.stop(), 0);
}

TEST_F(BackupTest, EnpBackupWorksWhileRunningAndRestoreRefusesBadInputLeavingTheTargetAsItWas) {
  const std::string file = dir_->file("cli-backup.tar");
  const CommandResult made = runEnp({"backup", "--config", daemon_->configPath(), "--out", file});
  ASSERT_EQ(made.exitCode, 0) << made.err;
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "it holds every secret";
  auto system = parseObject(admin_->call("GET", "/api/v1/admin/system").body);
  ASSERT_FALSE(system->isNull("lastBackup"));
  EXPECT_EQ(system->getObject("lastBackup")->getValue<std::string>("via"), "enp backup");

  // The running daemon's own directory is never written under it.
  const std::string before = readAll(daemon_->dataDir() + "/enp.key");
  CommandResult r =
      runEnp({"restore", "--from", file, "--data-dir", daemon_->dataDir(), "--replace"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("is in use by a running ENP"), std::string::npos) << r.err;
  EXPECT_EQ(readAll(daemon_->dataDir() + "/enp.key"), before);

  TempDir target("enp-restore-target");
  const std::string data = target.path() + "/var";
  r = runEnp({"restore", "--from", target.file("missing.tar"), "--data-dir", data});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("no such file"), std::string::npos) << r.err;

  const std::string junk = target.write("junk.tar", "this is not a backup at all\n");
  r = runEnp({"restore", "--from", junk, "--data-dir", data});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("not an ENP backup"), std::string::npos) << r.err;

  // One byte changed inside the database: its checksum no longer matches the manifest.
  std::string damaged = readAll(file);
  ASSERT_GT(damaged.size(), 16384u);
  damaged[8192] = static_cast<char>(damaged[8192] ^ 0x5a);
  writeAll(target.file("damaged.tar"), damaged);
  r = runEnp({"restore", "--from", target.file("damaged.tar"), "--data-dir", data});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("is damaged"), std::string::npos) << r.err;
  EXPECT_FALSE(exists(data + "/enp.db")) << "nothing written for a bad backup";

  r = runEnp({"restore", "--from", file, "--data-dir", data});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const std::string restoredDb = readAll(data + "/enp.db");
  // A second restore over it asks for --replace; a bad one with it changes nothing.
  r = runEnp({"restore", "--from", file, "--data-dir", data});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("add --replace"), std::string::npos) << r.err;
  r = runEnp({"restore", "--from", target.file("damaged.tar"), "--data-dir", data, "--replace"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(readAll(data + "/enp.db"), restoredDb);
  r = runEnp({"restore", "--from", file, "--data-dir", data, "--replace"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const size_t at = r.out.find("the replaced files are in ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string aside = r.out.substr(at + 26, r.out.find('\n', at) - at - 26);
  EXPECT_EQ(readAll(aside + "/enp.db"), restoredDb) << "the replaced files are kept";

  // Restored by root into a service user's directory: the files are that user's.
  if (::geteuid() == 0) {
    TempDir owned("enp-restore-owned");
    const std::string d = owned.path() + "/var";
    ASSERT_EQ(::mkdir(d.c_str(), 0700), 0);
    ASSERT_EQ(::chown(d.c_str(), 65534, 65534), 0);
    r = runEnp({"restore", "--from", file, "--data-dir", d});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    for (const char* name : {"enp.db", "enp.key", "enp.lock"}) {
      struct stat f {};
      ASSERT_EQ(::stat((d + "/" + name).c_str(), &f), 0) << name;
      EXPECT_EQ(f.st_uid, 65534u) << name;
    }
  }

  // Usage errors.
  EXPECT_EQ(runEnp({"restore", "--data-dir", data}).exitCode, 2);
  EXPECT_EQ(runEnp({"backup"}).exitCode, 2);
}

TEST_F(BackupTest, ABackupUploadedInTheConsoleIsStagedAndPutInPlaceByTheNextStart) {
  const std::string archive = download();
  const std::string dataDir = daemon_->dataDir();
  registerMailbox("bob@contoso.com");  // after the backup: not in it

  auto r = upload(archive, "not-the-password");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_TRUE(audited("restore.password.failed"));
  r = upload(archive.substr(0, archive.size() / 2), kAdminPassword);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("\"field\":\"archive\""), std::string::npos) << r.body;
  EXPECT_FALSE(staged()) << "nothing staged from a damaged archive";
  EXPECT_FALSE(audited("restore.stage"));

  r = upload(archive, kAdminPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("message"),
            "Restore staged: restart ENP to apply it.");
  EXPECT_TRUE(staged());
  EXPECT_TRUE(audited("restore.stage", "restore"));
  // Still the running installation until the restart.
  EXPECT_EQ(parseArray(admin_->call("GET", "/api/v1/admin/registrations").body)->size(), 2u);

  ASSERT_EQ(daemon_->stop(), 0);
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  EXPECT_EQ(daemon_->countLog("staged restore applied"), 1u) << daemon_->log();
  AdminClient after(daemon_->adminBase());
  ASSERT_EQ(after.login("admin", kAdminPassword).status, 200);
  auto list = parseArray(after.call("GET", "/api/v1/admin/registrations").body);
  ASSERT_EQ(list->size(), 1u) << "the backup's registrations, without the later one";
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("id"), reg_.id);
  EXPECT_FALSE(exists(dataDir + "/restore-staged"));
  // The replaced files are kept aside, as `enp restore --replace` keeps them.
  bool keptAside = false;
  for (const auto& name : listDir(dataDir)) {
    keptAside = keptAside ||
                (name.rfind("before-restore-", 0) == 0 && exists(dataDir + "/" + name + "/enp.db"));
  }
  EXPECT_TRUE(keptAside);
}

TEST_F(BackupTest, AStagedRestoreThatNoLongerVerifiesLeavesTheInstallationAsItWas) {
  const std::string archive = download();
  ASSERT_EQ(upload(archive, kAdminPassword).status, 200);
  const std::string dataDir = daemon_->dataDir();
  ASSERT_EQ(daemon_->stop(), 0);
  writeAll(dataDir + "/restore-staged/enp.db", "damaged after it was staged");
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  EXPECT_EQ(daemon_->countLog("staged restore not applied, the installation is as it was"), 1u)
      << daemon_->log();
  AdminClient after(daemon_->adminBase());
  ASSERT_EQ(after.login("admin", kAdminPassword).status, 200);
  EXPECT_EQ(parseArray(after.call("GET", "/api/v1/admin/registrations").body)->size(), 1u);
  for (const auto& name : listDir(dataDir)) {
    EXPECT_NE(name.rfind("before-restore-", 0), 0u) << "nothing was moved aside";
  }
}

}  // namespace
}  // namespace itest
