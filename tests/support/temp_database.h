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
    std::string error;
    db_ = Database::open(path_, &error);
    ASSERT_TRUE(db_) << error;
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

  std::string path_;
  std::unique_ptr<Database> db_;
};

}  // namespace enp
