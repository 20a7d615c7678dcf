#pragma once

// The migrations are written once, in the SQL SQLite reads; this is how PostgreSQL gets them.

#include <string>

namespace enp {

/// A migration's SQLite text as PostgreSQL runs it: INTEGER columns are BIGINT (instants are
/// milliseconds), an `id INTEGER PRIMARY KEY` (SQLite's rowid) is an identity column, and
/// WITHOUT ROWID (SQLite's storage hint) goes.
std::string postgresSchema(const std::string& sqlite);

/// Functions SQLite has and the stores' statements use, defined once on PostgreSQL.
extern const char* const kPostgresFunctions;

}  // namespace enp
