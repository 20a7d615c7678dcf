#pragma once

// A database file of its own for each test (CTest runs the tests of one file in parallel
// processes), removed with its WAL and shared-memory files afterwards.

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

#include "enp/store/database.h"

namespace enp {

class TempDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "enp-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
    removeFiles();
    Result<std::unique_ptr<Database>> db = Database::open(path_);
    ASSERT_TRUE(db.ok()) << db.error().toString();
    db_ = std::move(*db);
  }
  void TearDown() override {
    db_.reset();
    removeFiles();
  }
  void removeFiles() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::remove((path_ + suffix).c_str());
    }
  }
  /// Drops every table of the schema behind the stores' backs: from then on each of their
  /// reads and writes fails inside SQLite, as on a damaged file.
  void breakDatabase() {
    auto g = db_->writer();
    g.db.exec("PRAGMA foreign_keys=OFF");
    for (const char* table : {"events", "decisions", "registrations", "settings", "admin_users",
                              "api_tokens", "audit", "registration_key_usage"}) {
      g.db.exec(std::string("DROP TABLE ") + table);
    }
  }

  std::string path_;
  std::unique_ptr<Database> db_;
};

}  // namespace enp
