#pragma once

// sql::Connection over PostgreSQL (libpq): the stores' statements with `?` parameters run as
// `$N` ones; a connection lost between statements is opened again at the next one.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "enp/store/pg/pg_connection.h"
#include "enp/store/sql/connection.h"

namespace enp::pg {

class PgSqlConnection : public sql::Connection {
 public:
  /// Connects (see PgConnection::open for `url` and `password`).
  static Result<std::unique_ptr<PgSqlConnection>> open(const std::string& url,
                                                       const std::string& password);

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  void exec(const std::string& sql) override;
  std::unique_ptr<sql::StatementImpl> prepare(const std::string& sql) override;
  const char* beginWrite() const override { return "BEGIN"; }

  /// Runs `sql` ($N parameters) on the connection, opened again first when it was lost;
  /// throws sql::Error.
  PgResult run(const std::string& sql, const std::vector<PgParam>& params);
  /// The libpq connection (opened again first when it was lost); throws sql::Error when that
  /// fails.
  PgConnection& native();

 private:
  template <typename Run>
  auto again(Run run) -> decltype(run(std::declval<PgConnection&>()));

  PgSqlConnection(std::string url, std::string password, PgConnection connection)
      : url_(std::move(url)), password_(std::move(password)), conn_(std::move(connection)) {}

  std::string url_;
  std::string password_;
  PgConnection conn_;
};

}  // namespace enp::pg
