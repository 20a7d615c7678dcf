#include "enp/store/pg/pg_result.h"

#include <libpq-fe.h>

#include <stdexcept>

namespace enp::pg {

void PgResult::Deleter::operator()(pg_result* r) const { PQclear(r); }

PgResult::PgResult(pg_result* result) : result_(result) {}

int PgResult::rows() const { return PQntuples(result_.get()); }

int PgResult::columns() const { return PQnfields(result_.get()); }

int PgResult::column(const std::string& name) const {
  // PQfnumber folds unquoted names to lower case; a quoted name keeps its case.
  return PQfnumber(result_.get(), ("\"" + name + "\"").c_str());
}

int PgResult::index(const std::string& column) const {
  const int i = this->column(column);
  if (i < 0) {
    throw std::out_of_range("no column " + column + " in the result");
  }
  return i;
}

bool PgResult::isNull(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) == 1;
}

std::optional<std::string> PgResult::value(int row, int column) const {
  if (isNull(row, column)) {
    return std::nullopt;
  }
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<size_t>(PQgetlength(result_.get(), row, column)));
}

std::optional<std::string> PgResult::value(int row, const std::string& column) const {
  return value(row, index(column));
}

std::string PgResult::text(int row, int column) const { return value(row, column).value_or(""); }

std::string PgResult::text(int row, const std::string& column) const {
  return text(row, index(column));
}

int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(result_.get());
  return n == nullptr || *n == '\0' ? 0 : std::stoll(n);
}

}  // namespace enp::pg
