// enp/store/transfer: an SQLite database's tables copied into PostgreSQL (a throw-away
// cluster) and checked, as `enp storage migrate` does it.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "enp/store/audit_store.h"
#include "enp/store/sql/statement.h"
#include "enp/store/transfer/database_move.h"
#include "enp/store/transfer/row_reader.h"
#include "enp/store/transfer/table_checksum.h"
#include "enp/store/transfer/table_copier.h"
#include "enp/store/transfer/table_list.h"
#include "postgres_server.h"
#include "registration_rows.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace enp::transfer {

void PrintTo(const TableSum& sum, std::ostream* out) {
  *out << sum.rows << " rows, sha256 " << sum.sha256;
}

namespace {

using testsupport::valueOf;

class TransferTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new testsupport::PostgresServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    source_ = valueOf(Database::open(dir_.path() + "/enp.db"));
    static int databases = 0;
    url_ = server_->createDatabase("transfer" + std::to_string(++databases));
    target_ = valueOf(Database::openPostgres(url_, ""));
  }

  void run(Database& db, const std::string& sql) {
    auto g = db.writer();
    g.db.exec(sql);
  }
  int64_t count(Database& db, const std::string& sql) {
    auto g = db.reader();
    return sql::queryInt64(g.db, sql);
  }
  std::vector<Table> tables() {
    auto g = source_->reader();
    return valueOf(listTables(g.db));
  }
  Table table(const std::string& name) {
    for (Table& t : tables()) {
      if (t.name == name) {
        return t;
      }
    }
    ADD_FAILURE() << "no table " << name;
    return {};
  }
  TableSum sum(Database& db, const std::string& name, int pageRows = 1000) {
    const Table t = table(name);
    auto g = db.reader();
    return valueOf(checksumTable(g.db, t, pageRows));
  }

  // Rows in most tables: text keys whose byte order differs from a locale's (upper case,
  // '_', a non-ASCII letter), NULLs next to '' and 0, a composite key.
  void fillSource() {
    for (const char* id : {"alpha", "Zeta", "_under", "\xc3\xa4rger", "beta"}) {
      testsupport::RegistrationRow row;
      row.id = id;
      testsupport::addRegistrationRow(*source_, row);
    }
    run(*source_, "UPDATE registrations SET last_subscription_id = '' WHERE id = 'beta'");
    for (int i = 1; i <= 7; ++i) {
      const std::string n = std::to_string(i);
      run(*source_,
          "INSERT INTO events(id, registration_id, item_id, event_time, created_at, "
          "next_attempt_at, finished_at) VALUES (" +
              std::to_string(i * 10) + ", 'alpha', 'item-" + n + "', " + n + ", " + n + ", " + n +
              ", " + (i % 2 ? "NULL" : n) + ")");
    }
    run(*source_,
        "INSERT INTO decisions(registration_id, item_id, decided_at, outcome, rule, reason) "
        "VALUES ('alpha', 'item-1', 5, 'delivered', 'vip', 'a VIP wrote')");
    run(*source_, "INSERT INTO settings(id, document, updated_at) VALUES (1, '{\"a\":1}', 3)");
    run(*source_,
        "INSERT INTO admin_users(id, name, password_hash, created_at, updated_at) "
        "VALUES (4, 'admin', 'scrypt$x', 1, 1)");
    ASSERT_OK(AuditStore(*source_).record({0, 9, "admin", "login", "", "{}"}));
    ASSERT_OK(AuditStore(*source_).record({0, 10, "admin", "settings.save", "x", "{}"}));
    run(*source_,
        "INSERT INTO alerts(key, severity, title, summary, first_seen_at, last_seen_at, count, "
        "state) VALUES ('cns-rejects', 'warning', 'CNS', 'rejects', 1, 2, 3, 'firing')");
    run(*source_, "INSERT INTO pop3_mailboxes(registration_id, polled_at) VALUES ('Zeta', 1)");
    run(*source_, "INSERT INTO pop3_mailboxes(registration_id, polled_at) VALUES ('beta', 1)");
    for (const char* uidl : {"u3", "U1", "u2", "_0"}) {
      run(*source_, std::string("INSERT INTO pop3_uidls(registration_id, uidl) VALUES ") +
                        "('Zeta', '" + uidl + "'), ('beta', '" + uidl + "')");
    }
  }

  static testsupport::PostgresServer* server_;
  testsupport::TempDir dir_;
  std::unique_ptr<Database> source_;
  std::string url_;
  std::unique_ptr<Database> target_;
};

testsupport::PostgresServer* TransferTest::server_ = nullptr;

size_t positionOf(const std::vector<Table>& tables, const std::string& name) {
  auto at =
      std::find_if(tables.begin(), tables.end(), [&](const Table& t) { return t.name == name; });
  EXPECT_NE(at, tables.end()) << name;
  return static_cast<size_t>(at - tables.begin());
}

TEST_F(TransferTest, EveryTableButSchemaMigrationsComesAfterTheTablesItReferences) {
  const std::vector<Table> listed = tables();
  const std::vector<std::string> all = [&] {
    auto g = source_->reader();
    return valueOf(tableNames(g.db));
  }();
  EXPECT_EQ(listed.size(), all.size());
  EXPECT_EQ(std::count(all.begin(), all.end(), "schema_migrations"), 0);
  EXPECT_GE(all.size(), 17u);
  for (const char* child : {"events", "decisions", "subscriptions", "mail_accounts",
                            "pop3_mailboxes", "graph_delta_links"}) {
    EXPECT_LT(positionOf(listed, "registrations"), positionOf(listed, child)) << child;
  }
  EXPECT_LT(positionOf(listed, "pop3_mailboxes"), positionOf(listed, "pop3_uidls"));
  const Table uidls = table("pop3_uidls");
  ASSERT_EQ(uidls.key.size(), 2u);
  EXPECT_EQ(uidls.columns[uidls.key[0]].name, "registration_id");
  EXPECT_EQ(uidls.columns[uidls.key[1]].name, "uidl");
  const Table events = table("events");
  ASSERT_EQ(events.key.size(), 1u);
  EXPECT_TRUE(events.columns[events.key[0]].integer);
  // Both databases have the same tables (the target's from the same migrations).
  auto g = target_->reader();
  EXPECT_EQ(valueOf(tableNames(g.db)), all);
}

TEST_F(TransferTest, ACopiedDatabaseHasTheSameCountsAndChecksumsInEveryTable) {
  fillSource();
  std::ostringstream progress;
  ASSERT_OK(copyDatabase(*source_, *target_, progress, 2));
  EXPECT_NE(progress.str().find("  registrations: 5/5 rows\n"), std::string::npos)
      << progress.str();
  EXPECT_NE(progress.str().find("  pop3_uidls: 8/8 rows\n"), std::string::npos);
  EXPECT_NE(progress.str().find("  graph_delta_links: 0/0 rows\n"), std::string::npos);

  std::ostringstream report;
  const std::vector<TableCheck> checks = valueOf(verifyDatabase(*source_, *target_, report));
  EXPECT_EQ(checks.size(), tables().size());
  for (const TableCheck& check : checks) {
    EXPECT_TRUE(check.matches()) << check.table;
  }
  EXPECT_NE(report.str().find("  events: 7 rows, sha256 "), std::string::npos) << report.str();
  // NULL stays NULL, '' stays ''.
  EXPECT_EQ(count(*target_,
                  "SELECT COUNT(*) FROM registrations WHERE last_subscription_id IS "
                  "NULL"),
            4);
  EXPECT_EQ(count(*target_, "SELECT COUNT(*) FROM registrations WHERE last_subscription_id = ''"),
            1);
  EXPECT_EQ(count(*target_, "SELECT COUNT(*) FROM events WHERE finished_at IS NULL"), 4);
  // The ids are kept, and the ones ENP adds next come after them.
  EXPECT_EQ(count(*target_, "SELECT MAX(id) FROM events"), 70);
  ASSERT_OK(AuditStore(*target_).record({0, 11, "admin", "logout", "", "{}"}));
  EXPECT_EQ(count(*target_, "SELECT MAX(id) FROM audit"), 3);
  run(*target_,
      "INSERT INTO events(registration_id, item_id, event_time, created_at, next_attempt_at) "
      "VALUES ('beta', 'new', 1, 1, 1)");
  EXPECT_EQ(count(*target_, "SELECT id FROM events WHERE item_id = 'new'"), 71);
  // A table that stayed empty starts at 1.
  run(*target_,
      "INSERT INTO alerts(key, severity, title, summary, first_seen_at, last_seen_at, count, "
      "state) VALUES ('other', 'warning', 'x', 'y', 1, 2, 3, 'resolved')");
  EXPECT_EQ(count(*target_, "SELECT MAX(id) FROM alerts"), 2);
}

TEST_F(TransferTest, TheChecksumReadsBothEnginesInOneOrderWhateverThePageSize) {
  fillSource();
  std::ostringstream progress;
  ASSERT_OK(copyDatabase(*source_, *target_, progress));
  for (const char* name : {"registrations", "pop3_uidls", "events"}) {
    const TableSum whole = sum(*source_, name);
    EXPECT_EQ(sum(*target_, name), whole) << name;
    EXPECT_EQ(sum(*source_, name, 1), whole) << name;
    EXPECT_EQ(sum(*target_, name, 3), whole) << name;
  }
  EXPECT_EQ(sum(*source_, "pop3_uidls").rows, 8);
  // A column whose collation sorts by a locale's rules ('_0', 'U1', 'u2' rather than 'U1',
  // '_0', 'u2') is still read in byte order.
  run(*target_, "ALTER TABLE pop3_uidls ALTER COLUMN uidl TYPE TEXT COLLATE \"und-x-icu\"");
  EXPECT_EQ(count(*target_,
                  "SELECT COUNT(*) FROM (SELECT uidl FROM pop3_uidls ORDER BY uidl LIMIT 1) f "
                  "WHERE uidl = '_0'"),
            1);
  EXPECT_EQ(sum(*target_, "pop3_uidls"), sum(*source_, "pop3_uidls"));
  EXPECT_EQ(sum(*target_, "pop3_uidls", 1), sum(*source_, "pop3_uidls"));
}

TEST_F(TransferTest, TheChecksumTellsNullFromEmptyTextAndSeesAChangedValue) {
  fillSource();
  const TableSum before = sum(*source_, "registrations");
  run(*source_, "UPDATE registrations SET last_subscription_id = '' WHERE id = 'alpha'");
  const TableSum empty = sum(*source_, "registrations");
  EXPECT_EQ(empty.rows, before.rows);
  EXPECT_NE(empty.sha256, before.sha256);
  run(*source_, "UPDATE registrations SET last_subscription_id = NULL WHERE id = 'alpha'");
  EXPECT_EQ(sum(*source_, "registrations"), before);
  run(*source_, "UPDATE registrations SET updated_at = 2 WHERE id = 'beta'");
  EXPECT_NE(sum(*source_, "registrations").sha256, before.sha256);
}

TEST_F(TransferTest, ATamperedTargetRowIsReportedForItsTableOnly) {
  fillSource();
  std::ostringstream progress;
  ASSERT_OK(copyDatabase(*source_, *target_, progress));
  run(*target_, "UPDATE audit SET details = '{\"x\":1}' WHERE id = 2");
  std::ostringstream report;
  const std::vector<TableCheck> checks = valueOf(verifyDatabase(*source_, *target_, report));
  for (const TableCheck& check : checks) {
    EXPECT_EQ(check.matches(), check.table != "audit") << check.table;
  }
  EXPECT_NE(report.str().find("  audit: DIFFERENT: source 2 rows"), std::string::npos)
      << report.str();
}

TEST_F(TransferTest, TheTargetsRowsAreFoundAndACopyOntoThemIsAConflict) {
  fillSource();
  // schema_migrations does not count, nor does another application's table.
  run(*target_, "CREATE TABLE other_app(id BIGINT PRIMARY KEY)");
  run(*target_, "INSERT INTO other_app(id) VALUES (1)");
  EXPECT_TRUE(valueOf(tablesWithRows(*source_, *target_)).empty());
  testsupport::RegistrationRow row;
  row.id = "alpha";
  testsupport::addRegistrationRow(*target_, row);
  EXPECT_EQ(valueOf(tablesWithRows(*source_, *target_)), std::vector<std::string>{"registrations"});
  std::ostringstream progress;
  const Status copied = copyDatabase(*source_, *target_, progress);
  EXPECT_EQ(copied.code(), StatusCode::kConflict) << copied.toString();
  EXPECT_NE(copied.message().find("copying registrations"), std::string::npos);
}

}  // namespace
}  // namespace enp::transfer
