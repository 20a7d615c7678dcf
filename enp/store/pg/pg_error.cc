#include "enp/store/pg/pg_error.h"

#include <libpq-fe.h>

#include <cctype>

namespace enp::pg {

StatusCode codeForSqlState(std::string_view s) {
  if (s == "23505" || s == "23P01") {
    return StatusCode::kConflict;
  }
  if (s.substr(0, 2) == "08" || s == "57P01" || s == "57P02" || s == "57P03" || s == "40001" ||
      s == "40P01") {
    return StatusCode::kUnavailable;
  }
  if (s.substr(0, 2) == "28") {
    return StatusCode::kInvalid;
  }
  return StatusCode::kStore;
}

namespace {

Status withCode(StatusCode code, std::string message) {
  switch (code) {
    case StatusCode::kConflict:
      return Status::conflict(std::move(message));
    case StatusCode::kUnavailable:
      return Status::unavailable(std::move(message));
    case StatusCode::kInvalid:
      return Status::invalid(std::move(message));
    default:
      return Status::store(std::move(message));
  }
}

}  // namespace

Status statementError(const pg_result* result, const pg_conn* connection) {
  if (result == nullptr) {
    // No result at all: out of memory, or the connection is gone.
    const bool lost = connection == nullptr || PQstatus(connection) == CONNECTION_BAD;
    std::string message =
        cleanMessage(connection != nullptr ? PQerrorMessage(connection) : "no connection");
    return lost ? Status::unavailable("postgresql: connection lost: " + message)
                : Status::store("postgresql: " + message);
  }
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  std::string message = cleanMessage(primary != nullptr ? primary : PQresultErrorMessage(result));
  if (state == nullptr) {
    // libpq's own failure (the connection broke mid-statement): no SQLSTATE.
    return PQstatus(connection) == CONNECTION_BAD
               ? Status::unavailable("postgresql: connection lost: " + message)
               : Status::store("postgresql: " + message);
  }
  return withCode(codeForSqlState(state),
                  "postgresql: " + message + " (SQLSTATE " + std::string(state) + ")");
}

std::string cleanMessage(std::string message, std::string_view secret) {
  if (!secret.empty()) {
    for (size_t at = message.find(secret); at != std::string::npos;
         at = message.find(secret, at + 3)) {
      message.replace(at, secret.size(), "***");
    }
  }
  std::string out;
  out.reserve(message.size());
  for (char c : message) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!out.empty() && out.back() != ' ') {
        out += ' ';
      }
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

}  // namespace enp::pg
