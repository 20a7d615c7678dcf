#pragma once

// The tables `enp storage migrate` moves: every table of an SQLite database's schema but
// schema_migrations (each database keeps its own), read from sqlite_master so that a table a
// later migration adds is moved too, in an order that respects the foreign keys.

#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/sql/connection.h"

namespace enp::transfer {

struct Column {
  std::string name;
  bool integer = false;  ///< Declared INTEGER (SQLite's integer affinity); else text.
};

struct Table {
  std::string name;
  std::vector<Column> columns;  ///< In the table's order.
  std::vector<size_t> key;      ///< The primary key: indexes into columns, in the key's order.
};

/// The tables of the SQLite database behind `sqlite`, schema_migrations and SQLite's own
/// excepted, each after the tables its foreign keys reference (registrations before events,
/// pop3_mailboxes before pop3_uidls), by name among equals. kInternal for a table without a
/// primary key or a cycle of foreign keys; kStore when SQLite fails.
Result<std::vector<Table>> listTables(sql::Connection& sqlite);

/// The tables of a database, schema_migrations excepted, by name: sqlite_master's, or those of
/// PostgreSQL's current schema. kStore when the database fails.
Result<std::vector<std::string>> tableNames(sql::Connection& db);

/// `name` as a quoted SQL identifier ("a""b"): names come from the schema, never from input,
/// and are still quoted.
std::string quoted(const std::string& name);

}  // namespace enp::transfer
