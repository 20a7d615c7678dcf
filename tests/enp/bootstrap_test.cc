#include "enp/config/bootstrap.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

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
  BootstrapConfig c;
  std::string error;
  ASSERT_TRUE(loadBootstrap("", &c, &error));
  EXPECT_EQ(c.adminListen.str(), "127.0.0.1:8443");
  EXPECT_EQ(c.dataDir, "./var");
  EXPECT_EQ(c.logLevel, "info");
}

TEST_F(BootstrapTest, ReadsEveryDocumentedKey) {
  BootstrapConfig c;
  std::string error;
  ASSERT_TRUE(
      loadBootstrap(write("[public]\nlisten = 0.0.0.0:443\ntls_cert = /c.pem\n"
                          "tls_key = /k.pem\nbase_url = https://enp.example.com\n"
                          "[admin]\nlisten = [::1]:9443\n[storage]\ndata_dir = /var/lib/enp\n"
                          "[log]\nlevel = debug\n[pipeline]\nworkers = 8\ndecisions_kept = 7\n"
                          "request_timeout_seconds = 3\n"),
                    &c, &error))
      << error;
  EXPECT_EQ(c.publicListen.port, 443);
  EXPECT_EQ(c.publicTlsKey, "/k.pem");
  EXPECT_EQ(c.baseUrl, "https://enp.example.com");
  EXPECT_EQ(c.adminListen.host, "::1");
  EXPECT_EQ(c.adminListen.port, 9443);
  EXPECT_EQ(c.databasePath(), "/var/lib/enp/enp.db");
  EXPECT_EQ(c.logLevel, "debug");
  EXPECT_EQ(c.workers, 8);
  EXPECT_EQ(c.decisionsKept, 7);
  EXPECT_EQ(c.requestTimeoutSeconds, 3);
}

TEST_F(BootstrapTest, CommentsAfterValues) {
  BootstrapConfig c;
  std::string error;
  ASSERT_TRUE(loadBootstrap(write("; a comment line\n[public]\nlisten = 127.0.0.1:8080   ; port\n"
                                  "tls_cert =   ; empty = plain HTTP\ntls_key =\n"
                                  "[log]\nlevel = warn # quieter\n"),
                            &c, &error))
      << error;
  EXPECT_EQ(c.publicListen.port, 8080);
  EXPECT_EQ(c.publicTlsCert, "");
  EXPECT_EQ(c.logLevel, "warn");
}

TEST_F(BootstrapTest, ClearErrors) {
  BootstrapConfig c;
  std::string error;
  EXPECT_FALSE(loadBootstrap(write("[public]\nlisten = 443\n"), &c, &error));
  EXPECT_NE(error.find("public.listen: expected host:port"), std::string::npos) << error;
  EXPECT_FALSE(loadBootstrap(write("[public]\nlisen = 1.2.3.4:5\n"), &c, &error));
  EXPECT_NE(error.find("unknown key 'public.lisen'"), std::string::npos) << error;
  EXPECT_FALSE(loadBootstrap(write("[log]\nlevel = loud\n"), &c, &error));
  EXPECT_NE(error.find("log.level"), std::string::npos) << error;
  EXPECT_FALSE(loadBootstrap(write("[pipeline]\nworkers = 0\n"), &c, &error));
  EXPECT_NE(error.find("pipeline.workers"), std::string::npos) << error;
  EXPECT_FALSE(loadBootstrap(write("[pipeline]\nrequest_timeout_seconds = 0\n"), &c, &error));
  EXPECT_NE(error.find("pipeline.request_timeout_seconds"), std::string::npos) << error;
  EXPECT_FALSE(loadBootstrap(write("[public]\ntls_cert = /c.pem\n"), &c, &error));
  EXPECT_NE(error.find("go together"), std::string::npos) << error;
  EXPECT_FALSE(loadBootstrap("/nonexistent/enp.conf", &c, &error));
  EXPECT_NE(error.find("no such file"), std::string::npos) << error;
}

}  // namespace
}  // namespace enp
