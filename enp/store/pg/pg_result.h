#pragma once

// The rows of one PostgreSQL statement (libpq's PGresult, owned), read as text.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

struct pg_result;

namespace enp::pg {

class PgResult {
 public:
  /// Takes ownership of `result` (a successful PGRES_TUPLES_OK or PGRES_COMMAND_OK).
  explicit PgResult(pg_result* result);

  int rows() const;
  int columns() const;
  /// The index of the column called `name`, or -1.
  int column(const std::string& name) const;
  bool isNull(int row, int column) const;
  /// The text of a field; std::nullopt for SQL NULL.
  std::optional<std::string> value(int row, int column) const;
  /// By column name; an unknown name is a bug in the caller's SQL: std::out_of_range.
  std::optional<std::string> value(int row, const std::string& column) const;
  /// The text of a field, "" for NULL: for columns declared NOT NULL.
  std::string text(int row, int column) const;
  std::string text(int row, const std::string& column) const;
  /// The rows an INSERT, UPDATE, DELETE, MERGE, SELECT, MOVE, FETCH or COPY touched; 0 for others.
  int64_t affected() const;

 private:
  int index(const std::string& column) const;  // throws std::out_of_range for an unknown name

  struct Deleter {
    void operator()(pg_result* r) const;
  };
  std::unique_ptr<pg_result, Deleter> result_;
};

}  // namespace enp::pg
