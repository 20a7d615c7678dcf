#pragma once

// What `enp storage migrate` compares between the two databases, table by table: the row
// count and a SHA-256 over the rows in primary-key order, each value in one canonical text
// form, read from either engine through the same RowReader.

#include <cstdint>
#include <string>

#include "enp/common/status.h"
#include "enp/store/sql/connection.h"
#include "enp/store/transfer/table_list.h"

namespace enp::transfer {

struct TableSum {
  int64_t rows = 0;
  std::string sha256;  ///< Lower-case hex.

  bool operator==(const TableSum&) const = default;
};

/// The sum of `table` in `db`. Each row is its values in the table's column order, each
/// written `N` for NULL or `S<length>:<text>` (so NULL differs from '' and no two rows run
/// into each other), then a newline. kStore when the database fails.
Result<TableSum> checksumTable(sql::Connection& db, const Table& table, int pageRows = 1000);

}  // namespace enp::transfer
