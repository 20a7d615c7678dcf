// The data directory's lock: one holder at a time, released with its holder.
#include "enp/common/data_dir_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>

#include "temp_dir.h"

namespace enp {
namespace {

TEST(DataDirLockTest, ASecondHolderIsRefusedNamingTheFirstUntilItLetsGo) {
  testsupport::TempDir dir;
  std::optional<Result<DataDirLock>> first(DataDirLock::acquire(dir.path()));
  ASSERT_TRUE(first->ok()) << first->error().toString();
  const Result<DataDirLock> second = DataDirLock::acquire(dir.path());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), StatusCode::kConflict);
  EXPECT_NE(second.error().message().find("in use by a running ENP (pid " +
                                          std::to_string(::getpid()) + ")"),
            std::string::npos)
      << second.error().message();
  first.reset();
  EXPECT_TRUE(DataDirLock::acquire(dir.path()).ok()) << "released with its holder";
}

TEST(DataDirLockTest, ADirectoryThatCannotHoldTheLockFileIsAStoreError) {
  EXPECT_EQ(DataDirLock::acquire("/nonexistent/enp-data").error().code(), StatusCode::kStore);
}

}  // namespace
}  // namespace enp
