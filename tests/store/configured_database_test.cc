// enp.conf's [storage] opens SQLite or PostgreSQL, with PostgreSQL's password from a file.
#include "enp/store/configured_database.h"

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <thread>
#include <vector>

#include "postgres_server.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace enp {
namespace {

class ConfiguredDatabaseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new testsupport::PostgresServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static testsupport::PostgresServer* server_;
  testsupport::TempDir dir_;
};

testsupport::PostgresServer* ConfiguredDatabaseTest::server_ = nullptr;

TEST_F(ConfiguredDatabaseTest, SqliteIsTheFileInTheDataDirectory) {
  BootstrapConfig config;
  config.dataDir = dir_.path();
  std::unique_ptr<Database> db = testsupport::valueOf(openConfiguredDatabase(config));
  EXPECT_EQ(db->dialect(), sql::Dialect::kSqlite);
  EXPECT_EQ(db->where(), dir_.path() + "/enp.db");
}

TEST_F(ConfiguredDatabaseTest, PostgresWithThePasswordFromItsFile) {
  server_->createDatabase("configured");
  BootstrapConfig config;
  config.storageBackend = "postgresql";
  config.storageUrl = server_->url("configured", testsupport::PostgresServer::passwordUser());
  config.storagePasswordFile = dir_.path() + "/db.password";
  std::ofstream(config.storagePasswordFile) << testsupport::PostgresServer::passwordOf() << "\n";
  std::unique_ptr<Database> db = testsupport::valueOf(openConfiguredDatabase(config));
  EXPECT_EQ(db->dialect(), sql::Dialect::kPostgres);
  EXPECT_EQ(db->where(), config.storageUrl);
  EXPECT_EQ(db->schemaVersion(), latestSchemaVersion());
  EXPECT_OK(db->writable());
  EXPECT_GT(testsupport::valueOf(db->sizeBytes()), 0);
  EXPECT_EQ(db->backupTo(dir_.path() + "/copy.db").code(), StatusCode::kInvalid);
}

TEST_F(ConfiguredDatabaseTest, AWrongPasswordIsRefusedWithoutBeingShown) {
  server_->createDatabase("refused");
  BootstrapConfig config;
  config.storageBackend = "postgresql";
  config.storageUrl = server_->url("refused", testsupport::PostgresServer::passwordUser());
  config.storagePasswordFile = dir_.path() + "/db.password";
  std::ofstream(config.storagePasswordFile) << "Wrong-Secret-42\n";
  Result<std::unique_ptr<Database>> db = openConfiguredDatabase(config);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code(), StatusCode::kInvalid);
  EXPECT_EQ(db.error().message().find("Wrong-Secret-42"), std::string::npos)
      << db.error().message();
}

TEST_F(ConfiguredDatabaseTest, AMissingPasswordFileIsNamed) {
  BootstrapConfig config;
  config.storageBackend = "postgresql";
  config.storageUrl = server_->url("postgres");
  config.storagePasswordFile = dir_.path() + "/missing.password";
  Result<std::unique_ptr<Database>> db = openConfiguredDatabase(config);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code(), StatusCode::kInvalid);
  EXPECT_NE(db.error().message().find("storage.password_file: " + config.storagePasswordFile),
            std::string::npos)
      << db.error().message();
}

TEST_F(ConfiguredDatabaseTest, NodesStartingTogetherMigrateOnce) {
  const std::string url = server_->createDatabase("together");
  std::vector<std::thread> nodes;
  std::vector<std::optional<Result<std::unique_ptr<Database>>>> opened(4);
  for (size_t i = 0; i < opened.size(); ++i) {
    nodes.emplace_back([&, i] { opened[i].emplace(Database::openPostgres(url, "")); });
  }
  for (std::thread& t : nodes) {
    t.join();
  }
  for (auto& db : opened) {
    ASSERT_TRUE(db.has_value());
    ASSERT_OK(*db);
    EXPECT_EQ((**db)->schemaVersion(), latestSchemaVersion());
  }
  auto g = (**opened[0])->reader();
  EXPECT_EQ(sql::queryInt64(g.db, "SELECT COUNT(*) FROM schema_migrations WHERE version > 0"),
            latestSchemaVersion());
}

TEST_F(ConfiguredDatabaseTest, ALostConnectionIsOpenedAgainAtTheNextStatement) {
  const std::string url = server_->createDatabase("restarted");
  std::unique_ptr<Database> db = testsupport::valueOf(Database::openPostgres(url, ""));
  ASSERT_OK(db->writable());
  // The server ends every session of the database (a failover, a restart, an administrator).
  server_->execute(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'restarted'");
  // The next statements (a transaction's BEGIN, a read) run again on a new connection.
  ASSERT_OK(db->writable());
  auto g = db->reader();
  EXPECT_EQ(sql::queryInt64(g.db, "SELECT COUNT(*) FROM schema_migrations WHERE version > 0"),
            latestSchemaVersion());
}

}  // namespace
}  // namespace enp
