#pragma once

// A table's rows in primary-key order, a page at a time, the same way on SQLite and
// PostgreSQL: the copier reads the source with it and the checksum reads both databases with
// it. Each page starts after the last key of the one before (keyset paging: no OFFSET, no
// result held whole in memory). Text keys are compared byte by byte on both engines (SQLite's
// BINARY, PostgreSQL's "C" collation), so the two databases give their rows in one order.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "enp/store/sql/connection.h"
#include "enp/store/transfer/table_list.h"

namespace enp::transfer {

/// One value as text (an integer in decimal, as both engines write it); nullopt is NULL.
using Value = std::optional<std::string>;
using Row = std::vector<Value>;

class RowReader {
 public:
  /// Reads `table` (as listTables() describes it) from `db`, `pageRows` rows per statement.
  RowReader(sql::Connection& db, const Table& table, int pageRows = 1000);

  /// The next page (empty after the last row); throws sql::Error.
  std::vector<Row> nextPage();

 private:
  std::string select(bool afterKey) const;

  sql::Connection& db_;
  const Table& table_;
  const int pageRows_;
  sql::Statement first_;
  sql::Statement next_;
  std::optional<Row> lastKey_;
  bool done_ = false;
};

/// Binds `value` to parameter `index` of `q` as `column` holds it: NULL, an integer, or text.
void bindValue(sql::Statement& q, int index, const Column& column, const Value& value);

/// The rows of `table` in `db` (SELECT COUNT(*)); throws sql::Error.
int64_t countRows(sql::Connection& db, const Table& table);

}  // namespace enp::transfer
