#pragma once

// sql::Connection over one SQLite connection (SQLiteCpp).

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string>

#include "enp/store/sql/connection.h"

namespace enp::sql {

class SqliteConnection : public Connection {
 public:
  explicit SqliteConnection(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}

  Dialect dialect() const override { return Dialect::kSqlite; }
  void exec(const std::string& sql) override;
  std::unique_ptr<StatementImpl> prepare(const std::string& sql) override;
  const char* beginWrite() const override { return "BEGIN IMMEDIATE"; }

  SQLite::Database& native() { return *db_; }

 private:
  std::unique_ptr<SQLite::Database> db_;
};

/// SQLite's exception as sql::Error (a constraint kConflict, busy or locked kUnavailable).
[[noreturn]] void rethrowSqlite(const SQLite::Exception& e);

}  // namespace enp::sql
