// A node whose data key (enp.key) is not the one its database was set up with refuses to start
// and says which file to copy: a second node started without the first one's enp.key, or a data
// directory that lost its key (ENP would make a new one, which opens none of the stored
// passwords and signs callback URLs nobody else accepts).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "daemon.h"
#include "enp/store/sql/connection.h"
#include "temp_database.h"

namespace itest {
namespace {

constexpr const char* kMismatch = "is not the data key this database was set up with";

TEST(DataKeyCheckTest, ADataDirectoryThatLostItsKeyIsNotStartedWithANewOne) {
  TempDir dir;
  Daemon node(dir.path());
  ASSERT_TRUE(node.start()) << node.log();
  ASSERT_EQ(node.stop(), 0);
  const std::string key = node.dataDir() + "/enp.key";
  const std::string kept = dir.path() + "/enp.key.kept";
  std::filesystem::rename(key, kept);

  EXPECT_FALSE(node.start()) << node.log();
  EXPECT_EQ(node.stop(), 1);
  EXPECT_EQ(node.countLog(key + " " + kMismatch), 1U) << node.log();

  // The installation's key back in place: it starts as before.
  std::filesystem::remove(key);
  std::filesystem::rename(kept, key);
  EXPECT_TRUE(node.start()) << node.log();
  EXPECT_EQ(node.countLog(kMismatch), 0U);
  EXPECT_EQ(node.stop(), 0);
}

TEST(DataKeyCheckTest, AKeyLostForGoodIsAdoptedOnlyWhenAskedAndOnlyWithENPStopped) {
  TempDir dir;
  Daemon node(dir.path());
  ASSERT_TRUE(node.start()) << node.log();
  ASSERT_EQ(node.stop(), 0);
  std::filesystem::remove(node.dataDir() + "/enp.key");
  ASSERT_FALSE(node.start());
  ASSERT_EQ(node.stop(), 1);

  const std::vector<std::string> adopt = {"storage", "adopt-key", "--config", node.configPath()};
  CommandResult r = runEnp(adopt);
  ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("now belongs to the data key " + node.dataDir() + "/enp.key"),
            std::string::npos)
      << r.out;
  ASSERT_TRUE(node.start()) << node.log();

  r = runEnp(adopt);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("stop ENP on this node first"), std::string::npos) << r.err;
  ASSERT_EQ(node.stop(), 0);
  r = runEnp(adopt);
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("nothing changed"), std::string::npos) << r.out;
  const std::unique_ptr<enp::Database> db = node.openDatabase();
  auto g = db->reader();
  EXPECT_EQ(enp::sql::queryInt64(g.db,
                                 "SELECT COUNT(*) FROM audit WHERE action = "
                                 "'storage.adopt-key' AND actor = 'cli'"),
            1);
}

TEST(DataKeyCheckTest, ASecondNodeWithoutTheFirstOnesKeyRefusesToStartAndTheFirstGoesOn) {
  const std::string url = enp::freshPostgresDatabase();
  TempDir dirA, dirB;
  Daemon a(dirA.path(), "[cluster]\nnode_name = node-a\n", url);
  Daemon b(dirB.path(), "[cluster]\nnode_name = node-b\n", url);
  ASSERT_TRUE(a.start()) << a.log();

  EXPECT_FALSE(b.start()) << b.log();
  EXPECT_EQ(b.stop(), 1);
  EXPECT_EQ(b.countLog(kMismatch), 1U) << b.log();

  // With node a's key, node b joins; node a was not disturbed.
  std::filesystem::copy_file(a.dataDir() + "/enp.key", b.dataDir() + "/enp.key",
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_TRUE(b.start()) << b.log();
  EXPECT_EQ(b.stop(), 0);
  EXPECT_EQ(a.countLog("data key"), 0U) << a.log();
  EXPECT_EQ(a.stop(), 0);
}

}  // namespace
}  // namespace itest
