#pragma once

// One throw-away PostgreSQL cluster for all the tests of a binary (started by the first
// SetUpTestSuite: a start costs a second or two; the binary is one CTest test, ONE_PROCESS),
// and one database in it, "enp_test". Tests name their own tables.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "enp/store/pg/pg_connection.h"
#include "postgres_server.h"

namespace enp::pg {

class PgSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testsupport::PostgresServer::installed() || server() != nullptr || !startError().empty()) {
      return;  // SetUp() skips or fails; or the cluster runs already
    }
    try {
      server() = std::make_unique<testsupport::PostgresServer>();
      database() = server()->createDatabase("enp_test");
    } catch (const std::exception& e) {
      startError() = e.what();
    }
  }

  void SetUp() override {
    if (!testsupport::PostgresServer::installed()) {
      GTEST_SKIP() << "PostgreSQL is not installed (scripts/setup.sh installs it)";
    }
    ASSERT_TRUE(startError().empty()) << "the test cluster did not start: " << startError();
  }

  /// A new connection to the suite's database as the superuser; fails the test when it cannot.
  static PgConnection connect() {
    Result<PgConnection> c = PgConnection::open(database());
    if (!c.ok()) {
      throw std::runtime_error(c.error().toString());
    }
    return std::move(c).value();
  }

  // The cluster lives until the binary exits (shared by every suite in it).
  static std::unique_ptr<testsupport::PostgresServer>& server() {
    static std::unique_ptr<testsupport::PostgresServer> s;
    return s;
  }
  static std::string& database() {
    static std::string url;
    return url;
  }
  static std::string& startError() {
    static std::string error;
    return error;
  }
};

}  // namespace enp::pg
