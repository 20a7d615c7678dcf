#include "enp/store/database.h"

#include <SQLiteCpp/Statement.h>
#include <sys/stat.h>

namespace enp {
namespace {

void configure(SQLite::Database& db) {
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  db.exec("PRAGMA foreign_keys=ON");
  db.setBusyTimeout(5000);
}

}  // namespace

Database::Database(std::string path, std::unique_ptr<SQLite::Database> w,
                   std::unique_ptr<SQLite::Database> r, int version)
    : path_(std::move(path)),
      writer_(std::move(w)),
      reader_(std::move(r)),
      schemaVersion_(version) {}

std::unique_ptr<Database> Database::open(const std::string& path, std::string* error) {
  try {
    // The file holds secrets: readable by the service user only.
    mode_t old = ::umask(077);
    auto w = std::make_unique<SQLite::Database>(
        path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
    ::umask(old);
    configure(*w);
    int version = migrate(*w);
    auto r =
        std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_FULLMUTEX);
    configure(*r);
    return std::unique_ptr<Database>(new Database(path, std::move(w), std::move(r), version));
  } catch (const std::exception& e) {
    *error = path + ": " + e.what();
    return nullptr;
  }
}

bool Database::writable() {
  try {
    auto g = writer();
    g.db.exec(
        "BEGIN IMMEDIATE; UPDATE schema_migrations SET applied_at = applied_at "
        "WHERE version = 0; COMMIT;");
    return true;
  } catch (const std::exception&) {
    try {
      auto g = writer();
      g.db.exec("ROLLBACK");
    } catch (const std::exception&) {
    }
    return false;
  }
}

}  // namespace enp
