#include "enp/store/transfer/database_move.h"

#include <algorithm>
#include <ostream>

#include "enp/store/sql/sql_error.h"
#include "enp/store/sql/statement.h"
#include "enp/store/transfer/row_reader.h"
#include "enp/store/transfer/table_copier.h"
#include "enp/store/transfer/table_list.h"

namespace enp::transfer {
namespace {

// A progress line at least every this many rows, and at the end of each table.
constexpr int64_t kProgressEvery = 10000;

}  // namespace

Result<std::vector<std::string>> tablesWithRows(Database& source, Database& target) {
  Result<std::vector<std::string>> ours = [&] {
    auto g = source.reader();
    return tableNames(g.db);
  }();
  if (!ours.ok()) {
    return ours.error();
  }
  auto g = target.reader();
  Result<std::vector<std::string>> present = tableNames(g.db);
  if (!present.ok()) {
    return present.error();
  }
  std::vector<std::string> holding;
  try {
    for (const std::string& name : *present) {
      if (std::find(ours->begin(), ours->end(), name) == ours->end()) {
        continue;
      }
      sql::Statement any(g.db, "SELECT 1 FROM " + quoted(name) + " LIMIT 1");
      if (any.executeStep()) {
        holding.push_back(name);
      }
    }
  } catch (const sql::Error& e) {
    return Status::store(std::string("reading the target: ") + e.what());
  }
  return holding;
}

Status copyDatabase(Database& source, Database& target, std::ostream& progress, int batchRows) {
  auto from = source.reader();
  auto to = target.writer();
  Result<std::vector<Table>> tables = listTables(from.db);
  if (!tables.ok()) {
    return tables.error();
  }
  Result<std::vector<std::string>> present = tableNames(to.db);
  if (!present.ok()) {
    return present.error();
  }
  for (const Table& table : *tables) {
    if (std::find(present->begin(), present->end(), table.name) == present->end()) {
      return Status::invalid("the target has no table " + table.name +
                             " (is it at the same schema version?)");
    }
  }
  for (const Table& table : *tables) {
    int64_t total = 0;
    try {
      total = countRows(from.db, table);
    } catch (const sql::Error& e) {
      return Status::store("counting " + table.name + ": " + e.what());
    }
    int64_t shown = 0;
    auto show = [&](int64_t copied) {
      progress << "  " << table.name << ": " << copied << "/" << total << " rows\n" << std::flush;
      shown = copied;
    };
    CopyOptions options{batchRows, [&](int64_t copied) {
                          if (copied - shown >= kProgressEvery || copied == total) {
                            show(copied);
                          }
                        }};
    Result<int64_t> copied = copyTable(from.db, to.db, table, options);
    if (!copied.ok()) {
      return copied.error();
    }
    if (*copied == 0 || *copied != shown) {
      show(*copied);
    }
    ENP_RETURN_IF_ERROR(advanceIdentities(to.db, table));
  }
  return Status();
}

Result<std::vector<TableCheck>> verifyDatabase(Database& source, Database& target,
                                               std::ostream& report) {
  auto from = source.reader();
  auto to = target.reader();
  Result<std::vector<Table>> tables = listTables(from.db);
  if (!tables.ok()) {
    return tables.error();
  }
  std::vector<TableCheck> checks;
  for (const Table& table : *tables) {
    Result<TableSum> there = checksumTable(from.db, table);
    if (!there.ok()) {
      return there.error();
    }
    Result<TableSum> here = checksumTable(to.db, table);
    if (!here.ok()) {
      return here.error();
    }
    TableCheck check{table.name, *there, *here};
    if (check.matches()) {
      report << "  " << table.name << ": " << check.source.rows << " rows, sha256 "
             << check.source.sha256 << ": same\n";
    } else {
      report << "  " << table.name << ": DIFFERENT: source " << check.source.rows
             << " rows, sha256 " << check.source.sha256 << "; target " << check.target.rows
             << " rows, sha256 " << check.target.sha256 << "\n";
    }
    report << std::flush;
    checks.push_back(std::move(check));
  }
  return checks;
}

}  // namespace enp::transfer
