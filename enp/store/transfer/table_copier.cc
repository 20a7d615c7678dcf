#include "enp/store/transfer/table_copier.h"

#include <algorithm>
#include <map>
#include <memory>

#include "enp/store/sql/sql_error.h"
#include "enp/store/transfer/row_reader.h"

namespace enp::transfer {
namespace {

// PostgreSQL takes at most 65535 parameters per statement.
constexpr size_t kParametersPerInsert = 30000;
constexpr size_t kRowsPerInsert = 100;

std::string insertSql(const Table& table, size_t rows) {
  std::string columns;
  std::string one;
  for (const Column& c : table.columns) {
    columns += (columns.empty() ? "" : ", ") + quoted(c.name);
    one += one.empty() ? "?" : ", ?";
  }
  std::string sql = "INSERT INTO " + quoted(table.name) + " (" + columns + ") VALUES ";
  for (size_t i = 0; i < rows; ++i) {
    sql += (i == 0 ? "(" : ", (") + one + ")";
  }
  return sql;
}

class Inserter {
 public:
  Inserter(sql::Connection& target, const Table& table)
      : target_(target),
        table_(table),
        rowsPerInsert_(std::max<size_t>(
            1, std::min(kRowsPerInsert, kParametersPerInsert / table.columns.size()))) {}

  void insert(const std::vector<Row>& rows) {
    for (size_t from = 0; from < rows.size(); from += rowsPerInsert_) {
      const size_t count = std::min(rowsPerInsert_, rows.size() - from);
      sql::Statement& q = statement(count);
      q.reset();
      int index = 1;
      for (size_t r = from; r < from + count; ++r) {
        for (size_t c = 0; c < table_.columns.size(); ++c) {
          bindValue(q, index++, table_.columns[c], rows[r][c]);
        }
      }
      q.exec();
    }
  }

 private:
  sql::Statement& statement(size_t rows) {
    auto& slot = statements_[rows];
    if (!slot) {
      slot = std::make_unique<sql::Statement>(target_, insertSql(table_, rows));
    }
    return *slot;
  }

  sql::Connection& target_;
  const Table& table_;
  const size_t rowsPerInsert_;
  std::map<size_t, std::unique_ptr<sql::Statement>> statements_;
};

}  // namespace

Result<int64_t> copyTable(sql::Connection& source, sql::Connection& target, const Table& table,
                          const CopyOptions& options) {
  int64_t copied = 0;
  try {
    RowReader reader(source, table, options.batchRows);
    Inserter inserter(target, table);
    for (std::vector<Row> page = reader.nextPage(); !page.empty(); page = reader.nextPage()) {
      sql::Transaction tx(target);
      inserter.insert(page);
      tx.commit();
      copied += static_cast<int64_t>(page.size());
      if (options.progress) {
        options.progress(copied);
      }
    }
    return copied;
  } catch (const sql::Error& e) {
    const std::string message =
        "copying " + table.name + " (after " + std::to_string(copied) + " rows): " + e.what();
    return e.code() == StatusCode::kConflict ? Status::conflict(message) : Status::store(message);
  }
}

Status advanceIdentities(sql::Connection& target, const Table& table) {
  if (target.dialect() != sql::Dialect::kPostgres) {
    return Status();
  }
  try {
    for (const Column& column : table.columns) {
      sql::Statement sequence(target, "SELECT pg_get_serial_sequence(?, ?)");
      sequence.bind(1, quoted(table.name));
      sequence.bind(2, column.name);
      if (!sequence.executeStep() || sequence.getColumn(0).isNull()) {
        continue;
      }
      const std::string name = sequence.getColumn(0).getString();
      sequence.reset();
      // setval(..., false) when the table is empty: the first id stays 1.
      sql::Statement advance(target, "SELECT setval(?::regclass, COALESCE(MAX(" +
                                         quoted(column.name) + "), 1), MAX(" + quoted(column.name) +
                                         ") IS NOT NULL) FROM " + quoted(table.name));
      advance.bind(1, name);
      advance.executeStep();
    }
    return Status();
  } catch (const sql::Error& e) {
    return Status::store("moving the identities of " + table.name + " on: " + e.what());
  }
}

}  // namespace enp::transfer
