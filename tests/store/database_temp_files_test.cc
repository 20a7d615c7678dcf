// enp::Database keeps SQLite's temporary files in memory: a write's savepoint journals the pages
// it changes, and past 64 KiB SQLite would put that journal in a file of the temporary
// directory, created and removed for each such commit.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <string>

#include "enp/store/database.h"
#include "enp/store/sql/connection.h"
#include "temp_dir.h"

namespace {

// Counts the files SQLite's Unix VFS opens in the temporary directory (it names them
// "etilqs_<random>"; SQLite lets a test replace the system calls of its Unix VFS).
std::atomic<int> tempOpens{0};
sqlite3_syscall_ptr realOpen = nullptr;

int countedOpen(const char* path, int flags, int mode) {
  if (std::strstr(path, "etilqs_") != nullptr) {
    ++tempOpens;
  }
  return reinterpret_cast<int (*)(const char*, int, int)>(realOpen)(path, flags, mode);
}

class DatabaseTempFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unix_ = sqlite3_vfs_find("unix");
    ASSERT_NE(unix_, nullptr);
    realOpen = unix_->xGetSystemCall(unix_, "open");
    ASSERT_NE(realOpen, nullptr);
    ASSERT_EQ(
        unix_->xSetSystemCall(unix_, "open", reinterpret_cast<sqlite3_syscall_ptr>(countedOpen)),
        SQLITE_OK);
  }
  void TearDown() override { unix_->xSetSystemCall(unix_, "open", nullptr); }

  sqlite3_vfs* unix_ = nullptr;
  testsupport::TempDir dir_;
};

TEST_F(DatabaseTempFilesTest, AWriteChangingManyPagesOpensNoTemporaryFile) {
  auto opened = enp::Database::open(dir_.file("enp.db"));
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  enp::Database& db = **opened;
  // 1,000 rows of 2 KB: ~500 pages, committed before the write that changes them all.
  ASSERT_TRUE(db.write([](enp::sql::Connection& c) {
                  c.exec("CREATE TABLE bulk(id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
                  c.exec(
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                      "1000) INSERT INTO bulk(id, body) SELECT i, zeroblob(2000) FROM n");
                }).ok());
  tempOpens = 0;
  // write() runs each work in a savepoint: changing every page journals ~2 MB of them.
  const enp::Status changed =
      db.write([](enp::sql::Connection& c) { c.exec("UPDATE bulk SET body = randomblob(2000)"); });
  ASSERT_TRUE(changed.ok()) << changed.message();
  EXPECT_EQ(tempOpens.load(), 0);
  // A write that fails after changing every page is still rolled back whole.
  const enp::Status failed = db.write([](enp::sql::Connection& c) {
    c.exec("UPDATE bulk SET body = zeroblob(10)");
    c.exec("INSERT INTO bulk(id, body) VALUES (1, x'00')");  // the key is taken
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(tempOpens.load(), 0);
  auto reader = db.reader();
  EXPECT_EQ(enp::sql::queryInt64(reader.db, "SELECT COUNT(*) FROM bulk WHERE length(body) = 2000"),
            1000);
}

}  // namespace
