// The VFS that gathers a write-ahead log's writes (enp/store/sql/wal_buffered_vfs.h): a commit
// reaches the log in one write, is in the file when the commit returns (another connection
// and another process read it), and large or spilling transactions stay whole.

#include "enp/store/sql/wal_buffered_vfs.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <string>

#include "temp_dir.h"

namespace {

// Counts the platform VFS's writes to files whose name ends in "-wal" (SQLite lets a test
// replace the system calls its Unix VFS makes).
std::atomic<int> walWrites{0};
sqlite3_syscall_ptr realPwrite = nullptr;
sqlite3_syscall_ptr realPwrite64 = nullptr;

bool isWal(int fd) {
  char link[PATH_MAX];
  const std::string proc = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(proc.c_str(), link, sizeof link - 1);
  return n > 4 &&
         std::string(link, static_cast<size_t>(n)).rfind("-wal") == static_cast<size_t>(n) - 4;
}

ssize_t countedPwrite(int fd, const void* data, size_t n, off_t offset) {
  if (isWal(fd)) {
    ++walWrites;
  }
  return reinterpret_cast<ssize_t (*)(int, const void*, size_t, off_t)>(realPwrite)(fd, data, n,
                                                                                    offset);
}

ssize_t countedPwrite64(int fd, const void* data, size_t n, off_t offset) {
  if (isWal(fd)) {
    ++walWrites;
  }
  return reinterpret_cast<ssize_t (*)(int, const void*, size_t, off_t)>(realPwrite64)(fd, data, n,
                                                                                      offset);
}

class WalBufferedVfsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unix_ = sqlite3_vfs_find("unix");
    ASSERT_NE(unix_, nullptr);
    realPwrite = unix_->xGetSystemCall(unix_, "pwrite");
    realPwrite64 = unix_->xGetSystemCall(unix_, "pwrite64");
    int replaced = 0;
    if (realPwrite != nullptr &&
        unix_->xSetSystemCall(unix_, "pwrite",
                              reinterpret_cast<sqlite3_syscall_ptr>(countedPwrite)) == SQLITE_OK) {
      ++replaced;
    }
    if (realPwrite64 != nullptr && unix_->xSetSystemCall(unix_, "pwrite64",
                                                         reinterpret_cast<sqlite3_syscall_ptr>(
                                                             countedPwrite64)) == SQLITE_OK) {
      ++replaced;
    }
    ASSERT_GT(replaced, 0);
    walWrites = 0;
  }

  void TearDown() override {
    unix_->xSetSystemCall(unix_, "pwrite", nullptr);
    unix_->xSetSystemCall(unix_, "pwrite64", nullptr);
  }

  // A connection as enp::Database opens its own: WAL, synchronous=FULL.
  static SQLite::Database open(const std::string& path, const char* vfs) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 0,
                        vfs == nullptr ? "" : vfs);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    return db;
  }

  // One transaction of `rows` rows of `bytes` bytes each.
  static void insert(SQLite::Database& db, int rows, int bytes) {
    SQLite::Transaction tx(db);
    SQLite::Statement q(db, "INSERT INTO t(v) VALUES (?)");
    const std::string value(static_cast<size_t>(bytes), 'x');
    for (int i = 0; i < rows; ++i) {
      q.bind(1, value);
      q.exec();
      q.reset();
    }
    tx.commit();
  }

  static int64_t count(SQLite::Database& db) {
    return db.execAndGet("SELECT count(*) FROM t").getInt64();
  }

  sqlite3_vfs* unix_ = nullptr;
  testsupport::TempDir dir_{"enp-wal-vfs"};
};

TEST_F(WalBufferedVfsTest, ACommitReachesTheLogInOneWriteInsteadOfTwoPerPage) {
  SQLite::Database plain = open(dir_.file("plain.db"), nullptr);
  plain.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  walWrites = 0;
  insert(plain, 40, 1000);  // ~10 pages
  const int plainWrites = walWrites.load();
  EXPECT_GE(plainWrites, 20) << "the platform VFS writes each frame's header and page apart";

  SQLite::Database buffered = open(dir_.file("buffered.db"), enp::sql::walBufferedVfs());
  buffered.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  walWrites = 0;
  for (int i = 0; i < 5; ++i) {
    insert(buffered, 40, 1000);
  }
  EXPECT_EQ(walWrites.load(), 5) << "one write per commit";
  EXPECT_EQ(count(buffered), 200);

  walWrites = 0;
  insert(buffered, 600, 1000);  // ~150 pages, ~620 KB: more than one write may take
  EXPECT_GE(walWrites.load(), 2);
  EXPECT_LE(walWrites.load(), 8);
  SQLite::Database other = open(dir_.file("buffered.db"), nullptr);
  EXPECT_EQ(count(other), 800);
  EXPECT_EQ(other.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST_F(WalBufferedVfsTest, WhatACommitWroteIsReadByAnotherConnectionRightAfter) {
  const std::string path = dir_.file("shared.db");
  SQLite::Database writer = open(path, enp::sql::walBufferedVfs());
  writer.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  SQLite::Database reader = open(path, nullptr);  // the platform VFS: reads the file itself
  for (int i = 1; i <= 20; ++i) {
    insert(writer, 10, 500);
    ASSERT_EQ(count(reader), i * 10);
  }
  EXPECT_EQ(reader.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST_F(WalBufferedVfsTest, ACommitIsInTheFileWhenAProcessEndsWithoutClosing) {
  const std::string path = dir_.file("crash.db");
  {
    SQLite::Database db = open(path, enp::sql::walBufferedVfs());
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  }
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    SQLite::Database db = open(path, enp::sql::walBufferedVfs());
    insert(db, 30, 800);
    ::_exit(0);  // no close: nothing gathered is written after the commit returned
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  SQLite::Database db = open(path, nullptr);
  EXPECT_EQ(count(db), 30);
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST_F(WalBufferedVfsTest, ATransactionLargerThanTheBufferAndTheCacheStaysWhole) {
  const std::string path = dir_.file("large.db");
  SQLite::Database db = open(path, enp::sql::walBufferedVfs());
  db.exec("PRAGMA cache_size=20");  // spills to the log mid-transaction, then rewrites frames
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  db.exec("CREATE INDEX t_v ON t(v)");
  {
    SQLite::Transaction tx(db);
    SQLite::Statement q(db, "INSERT INTO t(v) VALUES (?)");
    for (int i = 0; i < 3000; ++i) {  // ~3 MB of rows, and an index over them
      q.bind(1, std::to_string(i * 7919 % 3001) + std::string(1000, 'y'));
      q.exec();
      q.reset();
    }
    db.exec("UPDATE t SET v = 'z' || v WHERE id % 3 = 0");  // pages already in the log again
    tx.commit();
  }
  SQLite::Database other = open(path, nullptr);
  EXPECT_EQ(count(other), 3000);
  EXPECT_EQ(other.execAndGet("SELECT count(*) FROM t WHERE v LIKE 'z%'").getInt64(), 1000);
  EXPECT_EQ(other.execAndGet("PRAGMA integrity_check").getString(), "ok");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  EXPECT_EQ(other.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(count(other), 3000);
}

}  // namespace
