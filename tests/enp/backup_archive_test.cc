// The backup archive: a tar `tar -xf` reads, its manifest and checksums verified before a
// restore trusts it; the database copied online is a database of its own.
#include "enp/backup/backup_archive.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "enp/backup/tar_file.h"
#include "enp/store/settings_store.h"
#include "status_matchers.h"
#include "temp_database.h"
#include "temp_dir.h"

namespace enp::backup {
namespace {

using testsupport::isOk;
using testsupport::valueOf;

TEST(TarFileTest, WhatIsWrittenReadsBackAndTarAgrees) {
  const std::vector<ArchiveEntry> files = {
      {"a.txt", "hello"}, {"empty", ""}, {"big.bin", std::string(1500, '\x7f')}};
  const std::string archive = writeTar(files, 1700000000);
  EXPECT_EQ(archive.size() % 512, 0u);
  const std::vector<ArchiveEntry> back = valueOf(readTar(archive));
  ASSERT_EQ(back.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back[i].name, files[i].name);
    EXPECT_EQ(back[i].bytes, files[i].bytes);
  }
  testsupport::TempDir dir;
  std::ofstream(dir.file("x.tar"), std::ios::binary) << archive;
  const std::string cmd = "tar -tf " + dir.file("x.tar") + " > " + dir.file("list") + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream list(dir.file("list"));
  std::stringstream names;
  names << list.rdbuf();
  EXPECT_EQ(names.str(), "a.txt\nempty\nbig.bin\n");
}

TEST(TarFileTest, ABrokenArchiveSaysWhere) {
  const std::string archive = writeTar({{"a.txt", std::string(2000, 'a')}}, 0);
  EXPECT_EQ(readTar("").error().code(), StatusCode::kInvalid);
  EXPECT_NE(readTar(archive.substr(0, 1024)).error().message().find("cut short"),
            std::string::npos);
  std::string bad = archive;
  bad[10] = 'X';  // inside the header's name: its checksum no longer matches
  EXPECT_NE(readTar(bad).error().message().find("bad header"), std::string::npos);
  EXPECT_NE(readTar(std::string(4096, 'z')).error().message().find("bad header"),
            std::string::npos);
}

class BackupArchiveTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    dir_.write("enp.key", std::string(32, 'k'));
  }
  testsupport::TempDir dir_;
};

TEST_F(BackupArchiveTest, ABackupHoldsTheDatabaseAndKeyWithTheirChecksums) {
  const std::string archive = valueOf(makeBackup(*db_, dir_.path(), 1700000000000));
  const Backup backup = valueOf(readBackup(archive));
  EXPECT_EQ(backup.schemaVersion, db_->schemaVersion());
  EXPECT_EQ(backup.createdAtMs, 1700000000000);
  ASSERT_EQ(backup.files.size(), 2u) << "no console certificate in this directory";
  EXPECT_EQ(backup.files[0].name, "enp.db");
  EXPECT_EQ(backup.files[1].name, "enp.key");
  EXPECT_EQ(backup.files[1].bytes, std::string(32, 'k'));
  // The copied database is whole: it opens and passes SQLite's integrity check.
  dir_.write("copy.db", backup.files[0].bytes);
  EXPECT_EQ(valueOf(Database::verifyFile(dir_.file("copy.db"))), db_->schemaVersion());
  EXPECT_EQ(::access((dir_.path() + "/.backup-" + std::to_string(::getpid())).c_str(), F_OK), -1);
}

TEST_F(BackupArchiveTest, AChangedFileAWrongKeyOrAnotherArchiveIsRefused) {
  const Backup good = valueOf(readBackup(valueOf(makeBackup(*db_, dir_.path(), 1))));
  std::vector<ArchiveEntry> files = {{"manifest.json", ""}};
  const std::string manifest = valueOf(readTar(valueOf(makeBackup(*db_, dir_.path(), 1))))[0].bytes;
  files[0].bytes = manifest;
  files.push_back(good.files[0]);
  files.push_back({"enp.key", std::string(32, 'x')});  // not the key the manifest lists
  EXPECT_NE(readBackup(writeTar(files, 0)).error().message().find("'enp.key' is damaged"),
            std::string::npos);
  files.pop_back();
  EXPECT_NE(readBackup(writeTar(files, 0)).error().message().find("'enp.key' is missing"),
            std::string::npos);
  EXPECT_NE(readBackup(writeTar({{"other.txt", "x"}}, 0)).error().message().find("no manifest"),
            std::string::npos);
  EXPECT_NE(readBackup(writeTar({{"manifest.json", "{\"format\":\"zip\"}"}}, 0))
                .error()
                .message()
                .find("not an enp-backup"),
            std::string::npos);
  dir_.write("garbage.db", std::string(8192, 'g'));
  EXPECT_EQ(Database::verifyFile(dir_.file("garbage.db")).error().code(), StatusCode::kInvalid);
}

}  // namespace
}  // namespace enp::backup
