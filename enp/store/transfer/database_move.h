#pragma once

// `enp storage migrate` and `enp storage verify` between two opened databases: the SQLite one
// of a single-node installation (the source) and an empty PostgreSQL one (the target), both at
// this binary's schema. The command runs with ENP stopped; nothing here locks out writers.

#include <iosfwd>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/database.h"
#include "enp/store/transfer/table_checksum.h"

namespace enp::transfer {

/// The ENP tables (those of `source`, schema_migrations excepted) that hold at least one row in
/// `target`, by name; tables of other applications in the target's schema are not looked at.
Result<std::vector<std::string>> tablesWithRows(Database& source, Database& target);

/// Copies every table of `source` (listTables()) into `target`, parents first, writing
/// "<table>: <copied>/<total> rows" lines to `progress`, then moves the identities on. kInvalid
/// when the target lacks one of the tables, else copyTable()'s errors.
Status copyDatabase(Database& source, Database& target, std::ostream& progress,
                    int batchRows = 1000);

struct TableCheck {
  std::string table;
  TableSum source;
  TableSum target;
  bool matches() const { return source == target; }
};

/// Counts and checksums every table of `source` in both databases, writing one line per table
/// to `report`. kStore when a database fails.
Result<std::vector<TableCheck>> verifyDatabase(Database& source, Database& target,
                                               std::ostream& report);

}  // namespace enp::transfer
