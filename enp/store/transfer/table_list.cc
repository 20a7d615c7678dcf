#include "enp/store/transfer/table_list.h"

#include <algorithm>
#include <map>
#include <set>

#include "enp/store/sql/sql_error.h"
#include "enp/store/sql/statement.h"

namespace enp::transfer {
namespace {

constexpr const char* kSchemaTable = "schema_migrations";

bool integerType(std::string type) {
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return type.find("INT") != std::string::npos;  // SQLite's first affinity rule
}

Table describe(sql::Connection& sqlite, const std::string& name) {
  Table table{name, {}, {}};
  std::map<int, size_t> keyOrder;  // position in the key (1-based) -> column index
  sql::Statement columns(sqlite, "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid");
  columns.bind(1, name);
  while (columns.executeStep()) {
    const int keyPosition = columns.getColumn(2).getInt();
    if (keyPosition > 0) {
      keyOrder[keyPosition] = table.columns.size();
    }
    table.columns.push_back(
        {columns.getColumn(0).getString(), integerType(columns.getColumn(1).getString())});
  }
  for (const auto& [position, index] : keyOrder) {
    table.key.push_back(index);
  }
  return table;
}

std::set<std::string> parentsOf(sql::Connection& sqlite, const std::string& name) {
  std::set<std::string> parents;
  sql::Statement keys(sqlite, "SELECT \"table\" FROM pragma_foreign_key_list(?)");
  keys.bind(1, name);
  while (keys.executeStep()) {
    const std::string parent = keys.getColumn(0).getString();
    if (parent != name) {  // a table referencing itself orders nothing
      parents.insert(parent);
    }
  }
  return parents;
}

}  // namespace

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

Result<std::vector<std::string>> tableNames(sql::Connection& db) {
  try {
    sql::Statement q(db,
                     db.dialect() == sql::Dialect::kPostgres
                         ? "SELECT table_name FROM information_schema.tables "
                           "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                           "AND table_name <> ? ORDER BY table_name"
                         : "SELECT name FROM sqlite_master WHERE type = 'table' "
                           "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ? "
                           "ORDER BY name");
    q.bind(1, kSchemaTable);
    std::vector<std::string> names;
    while (q.executeStep()) {
      names.push_back(q.getColumn(0).getString());
    }
    return names;
  } catch (const sql::Error& e) {
    return Status::store(std::string("listing the tables: ") + e.what());
  }
}

Result<std::vector<Table>> listTables(sql::Connection& sqlite) {
  Result<std::vector<std::string>> names = tableNames(sqlite);
  if (!names.ok()) {
    return names.error();
  }
  std::map<std::string, Table> tables;
  std::map<std::string, std::set<std::string>> waitingFor;
  try {
    for (const std::string& name : *names) {
      Table table = describe(sqlite, name);
      if (table.key.empty()) {
        return Status::internal("table " + name + " has no primary key: its rows have no order");
      }
      tables.emplace(name, std::move(table));
      waitingFor[name] = parentsOf(sqlite, name);
    }
  } catch (const sql::Error& e) {
    return Status::store(std::string("reading the schema: ") + e.what());
  }
  // Kahn's algorithm; among the tables whose parents are all placed, the first by name.
  std::vector<Table> ordered;
  while (!waitingFor.empty()) {
    auto ready = std::find_if(waitingFor.begin(), waitingFor.end(), [&](const auto& entry) {
      return std::all_of(entry.second.begin(), entry.second.end(),
                         [&](const std::string& parent) { return !waitingFor.count(parent); });
    });
    if (ready == waitingFor.end()) {
      return Status::internal("the foreign keys of " + waitingFor.begin()->first +
                              " form a cycle: no order copies parents first");
    }
    ordered.push_back(std::move(tables.at(ready->first)));
    waitingFor.erase(ready);
  }
  return ordered;
}

}  // namespace enp::transfer
