#include "enp/config/bootstrap.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "status_matchers.h"

namespace enp {
namespace {

class BootstrapTest : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    std::ofstream(path_) << text;
    return path_;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  // One file per test: CTest runs the tests of this file in parallel processes.
  std::string path_ = ::testing::TempDir() + "enp-bootstrap-test-" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".conf";
};

TEST_F(BootstrapTest, DefaultsWithoutAFile) {
  const BootstrapConfig c = testsupport::valueOf(loadBootstrap(""));
  EXPECT_EQ(c.adminListen.str(), "127.0.0.1:8443");
  EXPECT_EQ(c.dataDir, "./var");
  EXPECT_EQ(c.logLevel, "info");
}

TEST_F(BootstrapTest, ReadsEveryDocumentedKey) {
  Result<BootstrapConfig> read =
      loadBootstrap(write("[public]\nlisten = 0.0.0.0:443\ntls_cert = /c.pem\n"
                          "tls_key = /k.pem\nbase_url = https://enp.example.com\n"
                          "[admin]\nlisten = [::1]:9443\n[storage]\ndata_dir = /var/lib/enp\n"
                          "[log]\nlevel = debug\n[pipeline]\nworkers = 8\nworkers_nice = 10\n"
                          "decisions_kept = 7\n"
                          "request_timeout_seconds = 3\n"));
  ASSERT_OK(read);
  const BootstrapConfig& c = *read;
  EXPECT_EQ(c.publicListen.port, 443);
  EXPECT_EQ(c.publicTlsKey, "/k.pem");
  EXPECT_EQ(c.baseUrl, "https://enp.example.com");
  EXPECT_EQ(c.adminListen.host, "::1");
  EXPECT_EQ(c.adminListen.port, 9443);
  EXPECT_EQ(c.databasePath(), "/var/lib/enp/enp.db");
  EXPECT_EQ(c.logLevel, "debug");
  EXPECT_EQ(c.workers, 8);
  EXPECT_EQ(c.workersNice, 10);
  EXPECT_EQ(c.decisionsKept, 7);
  EXPECT_EQ(c.requestTimeoutSeconds, 3);
}

TEST_F(BootstrapTest, PostgreSqlStorage) {
  Result<BootstrapConfig> read =
      loadBootstrap(write("[storage]\nbackend = postgresql\n"
                          "url = postgresql://enp@db1.example,db2.example/enp?sslmode=verify-full\n"
                          "password_file = /etc/enp/db.password\n"));
  ASSERT_OK(read);
  EXPECT_EQ(read->storageBackend, "postgresql");
  EXPECT_EQ(read->storageUrl, "postgresql://enp@db1.example,db2.example/enp?sslmode=verify-full");
  EXPECT_EQ(read->storagePasswordFile, "/etc/enp/db.password");
  EXPECT_EQ(testsupport::valueOf(loadBootstrap("")).storageBackend, "sqlite");
}

TEST_F(BootstrapTest, TheNodeIsNamedOrTakesTheHostName) {
  Result<BootstrapConfig> read = loadBootstrap(write("[cluster]\nnode_name = enp-a\n"));
  ASSERT_OK(read);
  EXPECT_EQ(read->nodeName, "enp-a");
  EXPECT_FALSE(testsupport::valueOf(loadBootstrap("")).nodeName.empty());
}

TEST_F(BootstrapTest, ClusterHeartbeatAndExpiryHaveDefaultsAndMustLeaveRoomForABeat) {
  const BootstrapConfig defaults = testsupport::valueOf(loadBootstrap(""));
  EXPECT_EQ(defaults.clusterHeartbeatSeconds, 5);
  EXPECT_EQ(defaults.clusterNodeExpirySeconds, 15);
  Result<BootstrapConfig> read =
      loadBootstrap(write("[cluster]\nheartbeat_seconds = 1\nnode_expiry_seconds = 3\n"));
  ASSERT_OK(read);
  EXPECT_EQ(read->clusterHeartbeatSeconds, 1);
  EXPECT_EQ(read->clusterNodeExpirySeconds, 3);
  Result<BootstrapConfig> tooShort =
      loadBootstrap(write("[cluster]\nheartbeat_seconds = 5\nnode_expiry_seconds = 5\n"));
  ASSERT_FALSE(tooShort.ok());
  EXPECT_NE(tooShort.error().message().find("cluster.node_expiry_seconds"), std::string::npos);
  EXPECT_FALSE(loadBootstrap(write("[cluster]\nheartbeat_seconds = 0\n")).ok());
}

TEST_F(BootstrapTest, QueueLeasesLastThirtySecondsUnlessSet) {
  EXPECT_EQ(testsupport::valueOf(loadBootstrap("")).leaseSeconds, 30);
  Result<BootstrapConfig> read = loadBootstrap(write("[cluster]\nlease_seconds = 2\n"));
  ASSERT_OK(read);
  EXPECT_EQ(read->leaseSeconds, 2);
  Result<BootstrapConfig> zero = loadBootstrap(write("[cluster]\nlease_seconds = 0\n"));
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.error().message().find("cluster.lease_seconds"), std::string::npos);
}

TEST_F(BootstrapTest, CommentsAfterValues) {
  Result<BootstrapConfig> read =
      loadBootstrap(write("; a comment line\n[public]\nlisten = 127.0.0.1:8080   ; port\n"
                          "tls_cert =   ; empty = plain HTTP\ntls_key =\n"
                          "[log]\nlevel = warn # quieter\n"));
  ASSERT_OK(read);
  const BootstrapConfig& c = *read;
  EXPECT_EQ(c.publicListen.port, 8080);
  EXPECT_EQ(c.publicTlsCert, "");
  EXPECT_EQ(c.logLevel, "warn");
}

TEST_F(BootstrapTest, ClearErrors) {
  auto errorOf = [](const std::string& path) {
    Result<BootstrapConfig> c = loadBootstrap(path);
    EXPECT_FALSE(c.ok());
    if (c.ok()) {
      return std::string();
    }
    EXPECT_EQ(c.error().code(), StatusCode::kInvalid);
    return c.error().message();
  };
  std::string error = errorOf(write("[public]\nlisten = 443\n"));
  EXPECT_NE(error.find("public.listen: expected host:port"), std::string::npos) << error;
  error = errorOf(write("[public]\nlisen = 1.2.3.4:5\n"));
  EXPECT_NE(error.find("unknown key 'public.lisen'"), std::string::npos) << error;
  error = errorOf(write("[log]\nlevel = loud\n"));
  EXPECT_NE(error.find("log.level"), std::string::npos) << error;
  error = errorOf(write("[pipeline]\nworkers = -1\n"));
  EXPECT_NE(error.find("pipeline.workers"), std::string::npos) << error;
  error = errorOf(write("[pipeline]\nworkers_nice = 20\n"));
  EXPECT_NE(error.find("pipeline.workers_nice"), std::string::npos) << error;
  error = errorOf(write("[pipeline]\nmax_in_flight = 0\n"));
  EXPECT_NE(error.find("pipeline.max_in_flight"), std::string::npos) << error;
  error = errorOf(write("[pipeline]\nmin_in_flight = 0\n"));
  EXPECT_NE(error.find("pipeline.min_in_flight"), std::string::npos) << error;
  error = errorOf(write("[pipeline]\nrequest_timeout_seconds = 0\n"));
  EXPECT_NE(error.find("pipeline.request_timeout_seconds"), std::string::npos) << error;
  error = errorOf(write("[public]\ntls_cert = /c.pem\n"));
  EXPECT_NE(error.find("go together"), std::string::npos) << error;
  error = errorOf(write("[storage]\nbackend = mysql\n"));
  EXPECT_NE(error.find("storage.backend: expected sqlite|postgresql"), std::string::npos) << error;
  error = errorOf(write("[storage]\nbackend = postgresql\n"));
  EXPECT_NE(error.find("storage.url"), std::string::npos) << error;
  error = errorOf("/nonexistent/enp.conf");
  EXPECT_NE(error.find("no such file"), std::string::npos) << error;
}

}  // namespace
}  // namespace enp
