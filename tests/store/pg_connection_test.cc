// PgConnection against a real PostgreSQL: statements with parameters, results, errors with their
// SQLSTATE, logins with and without passwords (never shown), transactions.

#include "enp/store/pg/pg_connection.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "enp/store/pg/pg_transaction.h"
#include "free_port.h"
#include "pg_suite.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace enp::pg {
namespace {

using testsupport::isOk;
using testsupport::PostgresServer;
using testsupport::valueOf;

class PgConnectionTest : public PgSuite {};

TEST_F(PgConnectionTest, ConnectsAndAnswersInUtf8AndUtc) {
  PgConnection c = connect();
  PgResult r =
      valueOf(c.exec("SELECT 1 + 1 AS two, current_setting('TimeZone') AS zone, "
                     "current_setting('client_encoding') AS encoding"));
  ASSERT_EQ(r.rows(), 1);
  EXPECT_EQ(r.text(0, "two"), "2");
  EXPECT_EQ(r.text(0, "zone"), "UTC");
  EXPECT_EQ(r.text(0, "encoding"), "UTF8");
}

TEST_F(PgConnectionTest, ParametersCarryTextNullAndUtf8) {
  PgConnection c = connect();
  ASSERT_TRUE(isOk(c.exec("DROP TABLE IF EXISTS params")));  // --gtest_repeat
  ASSERT_TRUE(isOk(c.exec("CREATE TABLE params (id bigint PRIMARY KEY, name text, note text)")));
  const std::string utf8 = "Grüße, 日本語 ✉ 🎉 'quoted' $1 \\ ;";
  PgResult inserted = valueOf(c.exec("INSERT INTO params VALUES ($1, $2, $3), ($4, $5, $6)",
                                     {"1", utf8, std::nullopt, "2", "plain", "x"}));
  EXPECT_EQ(inserted.affected(), 2);

  PgResult r = valueOf(c.exec("SELECT id, name, note FROM params WHERE id = $1", {"1"}));
  ASSERT_EQ(r.rows(), 1);
  ASSERT_EQ(r.columns(), 3);
  EXPECT_EQ(r.column("name"), 1);
  EXPECT_EQ(r.column("missing"), -1);
  EXPECT_EQ(r.value(0, "name"), utf8);
  EXPECT_TRUE(r.isNull(0, 2));
  EXPECT_EQ(r.value(0, "note"), std::nullopt);
  EXPECT_EQ(r.text(0, "note"), "");

  // NULL as a parameter compares as SQL NULL (IS NOT DISTINCT FROM), not as the text "".
  PgResult nulls =
      valueOf(c.exec("SELECT id FROM params WHERE note IS NOT DISTINCT FROM $1", {std::nullopt}));
  ASSERT_EQ(nulls.rows(), 1);
  EXPECT_EQ(nulls.text(0, 0), "1");

  PgResult updated = valueOf(c.exec("UPDATE params SET note = $1", {"n"}));
  EXPECT_EQ(updated.affected(), 2);
}

TEST_F(PgConnectionTest, UniqueViolationIsAConflictNamingItsSqlState) {
  PgConnection c = connect();
  ASSERT_TRUE(isOk(c.exec("DROP TABLE IF EXISTS uniq")));  // --gtest_repeat
  ASSERT_TRUE(isOk(c.exec("CREATE TABLE uniq (email text PRIMARY KEY)")));
  ASSERT_TRUE(isOk(c.exec("INSERT INTO uniq VALUES ($1)", {"secret-address@contoso.com"})));
  Result<PgResult> again = c.exec("INSERT INTO uniq VALUES ($1)", {"secret-address@contoso.com"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), StatusCode::kConflict);
  EXPECT_NE(again.error().message().find("SQLSTATE 23505"), std::string::npos)
      << again.error().message();
  EXPECT_NE(again.error().message().find("uniq_pkey"), std::string::npos);
  // The server's DETAIL quotes the row ("Key (email)=(...)"): it stays out of the message.
  EXPECT_EQ(again.error().message().find("secret-address"), std::string::npos)
      << again.error().message();
}

TEST_F(PgConnectionTest, OtherFailuresAreStoreErrorsWithTheirSqlState) {
  PgConnection c = connect();
  Result<PgResult> r = c.exec("SELECT * FROM no_such_table");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), StatusCode::kStore);
  EXPECT_NE(r.error().message().find("SQLSTATE 42P01"), std::string::npos) << r.error().message();
  // The connection is still usable after a failed statement.
  EXPECT_TRUE(isOk(c.exec("SELECT 1")));
}

TEST_F(PgConnectionTest, PasswordLoginWorksAndAWrongOneIsRefusedWithoutShowingIt) {
  const std::string url = server()->url("enp_test", PostgresServer::passwordUser());
  EXPECT_TRUE(isOk(PgConnection::open(url, PostgresServer::passwordOf())));

  const std::string wrong = "Wr0ng-Secret-4711";
  Result<PgConnection> refused = PgConnection::open(url, wrong);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), StatusCode::kInvalid);
  EXPECT_NE(refused.error().message().find("password authentication failed for user \"enp\""),
            std::string::npos)
      << refused.error().message();
  EXPECT_EQ(refused.error().message().find(wrong), std::string::npos);

  Result<PgConnection> none = PgConnection::open(url);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), StatusCode::kInvalid);
  EXPECT_NE(none.error().message().find("asks for a password"), std::string::npos)
      << none.error().message();
}

TEST_F(PgConnectionTest, PasswordFromLibpqPassfile) {
  testsupport::TempDir dir("enp-pgpass");
  const std::string passfile =
      dir.write("pgpass", "127.0.0.1:" + std::to_string(server()->port()) +
                              ":enp_test:" + PostgresServer::passwordUser() + ":" +
                              PostgresServer::passwordOf() + "\n");
  chmod(passfile.c_str(), 0600);  // libpq ignores a passfile others can read
  EXPECT_TRUE(isOk(PgConnection::open(server()->url("enp_test", PostgresServer::passwordUser()) +
                                      "?passfile=" + passfile)));
}

TEST_F(PgConnectionTest, UrlHoldingAPasswordIsRefusedWithoutShowingIt) {
  const std::string port = std::to_string(server()->port());
  Result<PgConnection> inUrl =
      PgConnection::open("postgresql://enp:TopSecret99@127.0.0.1:" + port + "/enp_test");
  ASSERT_FALSE(inUrl.ok());
  EXPECT_EQ(inUrl.error().code(), StatusCode::kInvalid);
  EXPECT_EQ(inUrl.error().message().find("TopSecret99"), std::string::npos);
  EXPECT_NE(inUrl.error().message().find("holds a password"), std::string::npos);

  Result<PgConnection> keyValue =
      PgConnection::open("host=127.0.0.1 port=" + port + " password=TopSecret99");
  ASSERT_FALSE(keyValue.ok());
  EXPECT_EQ(keyValue.error().message().find("TopSecret99"), std::string::npos);

  // A URL libpq cannot read, whose message would quote the password.
  Result<PgConnection> unreadable =
      PgConnection::open("postgresql://enp:Top%zzSecret@127.0.0.1:" + port + "/enp_test");
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(unreadable.error().code(), StatusCode::kInvalid);
  EXPECT_EQ(unreadable.error().message().find("Secret"), std::string::npos)
      << unreadable.error().message();
}

TEST_F(PgConnectionTest, UnreachableServerIsUnavailable) {
  // A loopback port no one listens on.
  Result<PgConnection> c = PgConnection::open(
      "postgresql://postgres@127.0.0.1:" + std::to_string(testsupport::freeLoopbackPort()) +
      "/postgres");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code(), StatusCode::kUnavailable);
  EXPECT_NE(c.error().message().find("cannot connect"), std::string::npos);
}

TEST_F(PgConnectionTest, TransactionRollsBackUnlessCommitted) {
  PgConnection c = connect();
  ASSERT_TRUE(isOk(c.exec("DROP TABLE IF EXISTS tx")));  // --gtest_repeat
  ASSERT_TRUE(isOk(c.exec("CREATE TABLE tx (n int)")));
  {
    PgTransaction tx(c);
    ASSERT_TRUE(isOk(tx.begin()));
    ASSERT_TRUE(isOk(c.exec("INSERT INTO tx VALUES (1)")));
  }  // no commit: rolled back
  {
    PgTransaction tx(c);
    ASSERT_TRUE(isOk(tx.begin()));
    ASSERT_TRUE(isOk(c.exec("INSERT INTO tx VALUES (2)")));
    ASSERT_TRUE(isOk(tx.commit()));
  }
  PgResult r = valueOf(c.exec("SELECT n FROM tx"));
  ASSERT_EQ(r.rows(), 1);
  EXPECT_EQ(r.text(0, 0), "2");
}

TEST_F(PgConnectionTest, KilledSessionIsUnavailable) {
  PgConnection victim = connect();
  PgConnection admin = connect();
  // With a timeout, pg_terminate_backend returns once the session's process is gone.
  ASSERT_TRUE(isOk(admin.exec("SELECT pg_terminate_backend($1::int, 10000)",
                              {std::to_string(victim.backendPid())})));
  Result<PgResult> r = victim.exec("SELECT 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), StatusCode::kUnavailable) << r.error().toString();
}

}  // namespace
}  // namespace enp::pg
