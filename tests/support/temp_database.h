#pragma once

// A database of its own for each test: an SQLite file (CTest runs the tests of one file in
// parallel processes), removed with its WAL and shared-memory files afterwards; or, when the
// process runs with ENP_TEST_BACKEND=postgresql (the "<binary>.on_postgresql" CTest entries), a
// fresh PostgreSQL database on a throw-away cluster shared by the process's tests.

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

#include "enp/store/database.h"

namespace enp {

/// True when this process's tests run on PostgreSQL (ENP_TEST_BACKEND=postgresql).
bool testOnPostgres();

/// The URL of a new, empty database on the process's throw-away PostgreSQL cluster (started at
/// the first call, stopped when the process ends).
std::string freshPostgresDatabase();

/// Opens the back-end of this process: the SQLite file `path`, or a fresh PostgreSQL database
/// (its URL in *url).
Result<std::unique_ptr<Database>> openTestDatabase(const std::string& path, std::string* url);

class TempDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The same test's run on PostgreSQL (another process, perhaps at the same time) has a path
    // of its own: its removeFiles() must not delete this run's SQLite file.
    path_ = ::testing::TempDir() + "enp-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() +
            (testOnPostgres() ? "-pg" : "") + ".db";
    removeFiles();
    Result<std::unique_ptr<Database>> db = openTestDatabase(path_, &url_);
    ASSERT_TRUE(db.ok()) << db.error().toString();
    db_ = std::move(*db);
  }
  /// The same database opened again (a restart of ENP).
  Result<std::unique_ptr<Database>> reopenDatabase() {
    return url_.empty() ? Database::open(path_) : Database::openPostgres(url_, "");
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
    const bool postgres = g.db.dialect() == sql::Dialect::kPostgres;
    if (!postgres) {
      g.db.exec("PRAGMA foreign_keys=OFF");
    }
    for (const char* table : {"events", "decisions", "registrations", "settings", "admin_users",
                              "api_tokens", "audit", "registration_key_usage"}) {
      g.db.exec(std::string("DROP TABLE ") + table + (postgres ? " CASCADE" : ""));
    }
  }

  std::string path_;
  std::string url_;  ///< On PostgreSQL: the test's database.
  std::unique_ptr<Database> db_;
};

}  // namespace enp
