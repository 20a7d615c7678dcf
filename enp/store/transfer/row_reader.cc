#include "enp/store/transfer/row_reader.h"

#include <charconv>

#include "enp/store/sql/sql_error.h"

namespace enp::transfer {

void bindValue(sql::Statement& q, int index, const Column& column, const Value& value) {
  if (!value) {
    q.bind(index);
    return;
  }
  if (column.integer) {
    int64_t number = 0;
    const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), number);
    if (error == std::errc() && end == value->data() + value->size()) {
      q.bind(index, static_cast<long long>(number));
      return;
    }
  }
  q.bind(index, *value);
}

RowReader::RowReader(sql::Connection& db, const Table& table, int pageRows)
    : db_(db),
      table_(table),
      pageRows_(pageRows),
      first_(db, select(false)),
      next_(db, select(true)) {}

std::string RowReader::select(bool afterKey) const {
  const bool postgres = db_.dialect() == sql::Dialect::kPostgres;
  std::string columns;
  for (const Column& c : table_.columns) {
    columns += (columns.empty() ? "" : ", ") + quoted(c.name);
  }
  // The key's columns in byte order: PostgreSQL's default collation would sort text by the
  // locale's rules; SQLite compares bytes (BINARY: no ENP column declares another collation).
  std::string key;
  std::string parameters;
  for (size_t i : table_.key) {
    const Column& c = table_.columns[i];
    key += (key.empty() ? "" : ", ") + quoted(c.name) +
           (postgres && !c.integer ? " COLLATE \"C\"" : "");
    parameters += parameters.empty() ? "?" : ", ?";
  }
  std::string sql = "SELECT " + columns + " FROM " + quoted(table_.name);
  if (afterKey) {
    sql += " WHERE (" + key + ") > (" + parameters + ")";
  }
  return sql + " ORDER BY " + key + " LIMIT " + std::to_string(pageRows_);
}

std::vector<Row> RowReader::nextPage() {
  std::vector<Row> page;
  if (done_) {
    return page;
  }
  sql::Statement& q = lastKey_ ? next_ : first_;
  q.reset();
  if (lastKey_) {
    for (size_t i = 0; i < table_.key.size(); ++i) {
      bindValue(q, static_cast<int>(i + 1), table_.columns[table_.key[i]], (*lastKey_)[i]);
    }
  }
  const int width = static_cast<int>(table_.columns.size());
  while (q.executeStep()) {
    Row row;
    row.reserve(table_.columns.size());
    for (int i = 0; i < width; ++i) {
      sql::Column value = q.getColumn(i);
      row.push_back(value.isNull() ? Value() : Value(value.getString()));
    }
    page.push_back(std::move(row));
  }
  q.reset();
  if (page.size() < static_cast<size_t>(pageRows_)) {
    done_ = true;
  }
  if (!page.empty()) {
    Row key;
    for (size_t i : table_.key) {
      key.push_back(page.back()[i]);
    }
    lastKey_ = std::move(key);
  }
  return page;
}

int64_t countRows(sql::Connection& db, const Table& table) {
  return sql::queryInt64(db, "SELECT COUNT(*) FROM " + quoted(table.name));
}

}  // namespace enp::transfer
