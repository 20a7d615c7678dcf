// `enp storage migrate` end to end: an SQLite installation with a delivered mail, console
// users, audit rows, an alert and an IMAP account moved to PostgreSQL (a throw-away cluster),
// verified, refused when it would be wrong, and served from PostgreSQL afterwards.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "admin_fixture.h"
#include "enp/common/data_key.h"
#include "enp/store/alert_store.h"
#include "enp/store/database.h"
#include "enp/store/mail_account_store.h"
#include "postgres_server.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace itest {
namespace {

using std::chrono::seconds;
using testsupport::PostgresServer;

constexpr const char* kImapPassword = "imap-Pa55word-of-bob";

class StorageMigrateTest : public AdminTest {
 protected:
  static void SetUpTestSuite() { server_ = new PostgresServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (enp::testOnPostgres()) {
      GTEST_SKIP() << "moves an installation on SQLite";
    }
    AdminTest::SetUp();
  }

  std::string sqlitePath() const { return daemon_->dataDir() + "/enp.db"; }
  // As the password role, its password from a file: the way an administrator runs it.
  CommandResult storage(const std::string& command, const std::string& database) {
    return storage(command, database, sqlitePath());
  }
  CommandResult storage(const std::string& command, const std::string& database,
                        const std::string& sqlite) {
    const std::string passwordFile = dir_->path() + "/db.password";
    std::ofstream(passwordFile) << PostgresServer::passwordOf() << "\n";
    return runEnp({"storage", command, "--from", "sqlite:" + sqlite, "--to",
                   "postgresql:" + server_->url(database, PostgresServer::passwordUser()),
                   "--password-file", passwordFile});
  }

  static PostgresServer* server_;
};

PostgresServer* StorageMigrateTest::server_ = nullptr;

int64_t countRows(enp::Database& db, const std::string& sql) {
  auto g = db.reader();
  return enp::sql::queryInt64(g.db, sql);
}

TEST_F(StorageMigrateTest, AnInstallationMovedToPostgresIsVerifiedAndServedFromThere) {
  // What the installation holds: a delivered mail (its event and decision), a second console
  // user, the audit of all that.
  addMail("item-1", "Budget for Q3");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "item-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  userWithRole("carol", "helpdesk", "first-Pa55word-carol", "own-Pa55word-carol");
  exchange_->addMailbox("bob@contoso.com");
  const Registered bob = registerMailbox("bob@contoso.com");
  const std::string database = "enp_moved";
  const std::string url = server_->createDatabase(database);

  // Refused while ENP runs on the data directory.
  CommandResult r = storage("migrate", database);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("is in use by a running ENP"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("run it with ENP stopped"), std::string::npos) << r.err;
  ASSERT_EQ(daemon_->stop(), 0);

  // What no API makes here: an alert, and an IMAP account (bob's) whose password is sealed
  // with the installation's data key.
  int64_t auditRows = 0;
  {
    auto db = testsupport::valueOf(enp::Database::open(sqlitePath()));
    enp::Alert alert;
    alert.key = "cns-rejects";
    alert.title = "CNS rejects pushes";
    alert.summary = "401 from CNS";
    alert.firstSeenAt = 1;
    alert.lastSeenAt = 2;
    alert.count = 3;
    ASSERT_OK(enp::AlertStore(*db).save(alert));
    auto key = testsupport::valueOf(enp::DataKey::loadOrCreate(daemon_->dataDir() + "/enp.key"));
    enp::MailAccountStore accounts(*db, key.derive("credentials"));
    ASSERT_OK(db->write(
        accounts.inserting({bob.id, "imap1", "bob", "INBOX", 5, 5, 0, ""}, kImapPassword, 5)));
    auditRows = countRows(*db, "SELECT COUNT(*) FROM audit");
    ASSERT_GE(auditRows, 3);
  }

  r = storage("migrate", database);
  ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
  for (const std::string& copied :
       {std::string("registrations: 2/2 rows"), std::string("events: 1/1 rows"),
        std::string("decisions: 1/1 rows"), std::string("admin_users: 2/2 rows"),
        std::string("alerts: 1/1 rows"), std::string("mail_accounts: 1/1 rows"),
        "audit: " + std::to_string(auditRows) + "/" + std::to_string(auditRows) + " rows"}) {
    EXPECT_NE(r.out.find("  " + copied + "\n"), std::string::npos) << copied << "\n" << r.out;
  }
  EXPECT_NE(r.out.find("  registrations: 2 rows, sha256 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  audit: " + std::to_string(auditRows) + " rows, sha256 "),
            std::string::npos);
  EXPECT_EQ(r.out.find("DIFFERENT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the same on both sides"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(PostgresServer::passwordOf()), std::string::npos);
  EXPECT_EQ(r.err.find(PostgresServer::passwordOf()), std::string::npos);

  // A second migration into the same database is refused; verify alone agrees.
  r = storage("migrate", database);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("already holds ENP data (rows in "), std::string::npos) << r.err;
  r = storage("verify", database);
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;

  // A row changed in the target: verify fails and names its table.
  server_->execute("UPDATE alerts SET title = 'changed'", database);
  r = storage("verify", database);
  EXPECT_EQ(r.exitCode, 1) << r.out;
  EXPECT_NE(r.err.find("the target differs from the source in: alerts\n"), std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("  alerts: DIFFERENT: source 1 rows"), std::string::npos) << r.out;
  server_->execute("UPDATE alerts SET title = 'CNS rejects pushes'", database);
  ASSERT_EQ(storage("verify", database).exitCode, 0);

  // ENP on PostgreSQL (with the same data directory, so the same data key): the console users
  // log in, the registration is listed and still receives mail through its callback URL.
  daemon_ = std::make_unique<Daemon>(dir_->path(), daemonConfig(), url);
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  EXPECT_NE(daemon_->log().find("postgresql"), std::string::npos);
  AdminClient admin(daemon_->adminBase());
  ASSERT_EQ(admin.login("admin", kAdminPassword).status, 200);
  AdminClient carol(daemon_->adminBase());
  EXPECT_EQ(carol.login("carol", "own-Pa55word-carol").status, 200);
  const HttpResult listed = admin.call("GET", "/api/v1/admin/registrations");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_NE(listed.body.find(reg_.id), std::string::npos) << listed.body;
  EXPECT_NE(listed.body.find(bob.id), std::string::npos) << listed.body;
  addMail("item-2", "Second mail");
  ASSERT_EQ(pushNewMail(callbackUrlNow(reg_), "item-2").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(30))) << daemon_->log();

  // New rows got ids after the copied ones (the logins' audit), and the IMAP password opens
  // with the data key.
  auto pg = testsupport::valueOf(enp::Database::openPostgres(url, ""));
  EXPECT_GT(countRows(*pg, "SELECT COUNT(*) FROM audit"), auditRows);
  EXPECT_EQ(countRows(*pg, "SELECT COUNT(*) FROM events"), 2);
  auto key = testsupport::valueOf(enp::DataKey::loadOrCreate(daemon_->dataDir() + "/enp.key"));
  EXPECT_EQ(
      testsupport::valueOf(enp::MailAccountStore(*pg, key.derive("credentials")).password(bob.id)),
      kImapPassword);
}

TEST_F(StorageMigrateTest, AnOlderSqliteSchemaIsMigratedFirstAndTheOutputSaysSo) {
  // A database from before the first migration: only its schema table.
  const std::string old = dir_->path() + "/old";
  ASSERT_EQ(::mkdir(old.c_str(), 0700), 0);
  {
    SQLite::Database db(old + "/enp.db", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, applied_at INTEGER)");
    db.exec("INSERT INTO schema_migrations(version, applied_at) VALUES (0, 0)");
  }
  server_->createDatabase("enp_from_old");
  const CommandResult r = storage("migrate", "enp_from_old", old + "/enp.db");
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("the SQLite database was at schema 0; it was migrated to schema " +
                       std::to_string(enp::latestSchemaVersion()) + " first\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  registrations: 0/0 rows\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the same on both sides"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace itest
