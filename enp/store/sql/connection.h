#pragma once

// One connection to the database, SQLite or PostgreSQL, for one thread at a time. The stores
// speak to it through sql::Statement; the few statements the two engines spell differently
// ask dialect().

#include <cstdint>
#include <memory>
#include <string>

#include "enp/store/sql/statement.h"

namespace enp::sql {

enum class Dialect { kSqlite, kPostgres };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  /// Runs one or more statements without parameters (a migration); throws sql::Error.
  virtual void exec(const std::string& sql) = 0;
  /// Prepares `sql` (`?` / `?N` parameters); throws sql::Error.
  virtual std::unique_ptr<StatementImpl> prepare(const std::string& sql) = 0;
  /// The statement that starts a write transaction (BEGIN IMMEDIATE on SQLite: the write lock
  /// at once, not at the first write).
  virtual const char* beginWrite() const = 0;
};

/// The first column of the first row of `sql` as an integer (0 when NULL or no row).
int64_t queryInt64(Connection& connection, const std::string& sql);

/// A write transaction, rolled back unless committed (SQLiteCpp's Transaction).
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

}  // namespace enp::sql
