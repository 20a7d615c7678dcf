#include "enp/store/pg/pg_connection.h"

#include <libpq-fe.h>

#include "enp/common/log.h"
#include "enp/store/pg/pg_error.h"

namespace enp::pg {
namespace {

// What looks like a password in a URL that libpq could not read (postgresql://user:PW@host or
// password=PW), to keep it out of the message that says so.
std::string passwordLookalike(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme != std::string::npos) {
    const size_t start = scheme + 3;
    const size_t end = url.find_first_of("/?", start);
    const std::string authority = url.substr(start, end == std::string::npos ? end : end - start);
    const size_t at = authority.rfind('@');
    const size_t colon = authority.find(':');
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      return authority.substr(colon + 1, at - colon - 1);
    }
    return "";
  }
  const size_t key = url.find("password");
  if (key == std::string::npos) {
    return "";
  }
  const size_t eq = url.find('=', key);
  if (eq == std::string::npos) {
    return "";
  }
  size_t start = url.find_first_not_of(" '", eq + 1);
  if (start == std::string::npos) {
    return "";
  }
  const size_t end = url.find_first_of(" '", start);
  return url.substr(start, end == std::string::npos ? end : end - start);
}

// kInvalid when `url` cannot be read or holds a password.
Status checkUrl(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    return Status::invalid("postgresql: the database URL cannot be read: " +
                           cleanMessage(message, passwordLookalike(url)));
  }
  bool password = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val != nullptr && *o->val != '\0') {
      password = true;
    }
  }
  PQconninfoFree(options);
  if (password) {
    return Status::invalid(
        "postgresql: the database URL holds a password; give it separately (a password file, "
        "PGPASSWORD or a passfile) so that it is not written where the URL is");
  }
  return {};
}

// The server's notices (WARNING, NOTICE) go to the store's log at debug level instead of libpq's
// default, stderr: they may quote values of the statement.
void logNotice(void* /*arg*/, const char* message) {
  log::get(log::Id::kStore).debug("postgresql: {}", cleanMessage(message));
}

}  // namespace

void PgConnection::Deleter::operator()(pg_conn* c) const { PQfinish(c); }

PgConnection::PgConnection(pg_conn* connection) : conn_(connection) {}

PgConnection::~PgConnection() = default;

Result<PgConnection> PgConnection::open(const std::string& url, const std::string& password) {
  ENP_RETURN_IF_ERROR(checkUrl(url));
  // Our defaults first: the URL (expanded from dbname) overrides those it names; the password
  // last.
  std::vector<const char*> keys = {"connect_timeout", "application_name", "client_encoding",
                                   "options", "dbname"};
  std::vector<const char*> values = {"10", "enp", "UTF8", "-c TimeZone=UTC", url.c_str()};
  if (!password.empty()) {
    keys.push_back("password");
    values.push_back(password.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PgConnection connection(PQconnectdbParams(keys.data(), values.data(), 1));
  pg_conn* c = connection.conn_.get();
  if (c == nullptr) {
    return Status::internal("postgresql: out of memory for a connection");
  }
  if (PQstatus(c) == CONNECTION_OK) {
    PQsetNoticeProcessor(c, logNotice, nullptr);
    return connection;
  }
  const std::string message = cleanMessage(PQerrorMessage(c), password);
  if (PQconnectionNeedsPassword(c) == 1) {
    return Status::invalid("postgresql: the server asks for a password and none was given: " +
                           message);
  }
  if (message.find("authentication failed") != std::string::npos) {
    return Status::invalid("postgresql: login refused: " + message);
  }
  return Status::unavailable("postgresql: cannot connect: " + message);
}

Result<PgResult> PgConnection::exec(const std::string& sql, const std::vector<PgParam>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const PgParam& p : params) {
    values.push_back(p ? p->c_str() : nullptr);
  }
  pg_result* r = PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0);
  const ExecStatusType status = PQresultStatus(r);
  if (r != nullptr && (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)) {
    return PgResult(r);
  }
  Status error = statementError(r, conn_.get());
  PQclear(r);
  return error;
}

Status PgConnection::execScript(const std::string& script) {
  pg_result* r = PQexec(conn_.get(), script.c_str());
  const ExecStatusType status = PQresultStatus(r);
  if (r != nullptr &&
      (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY)) {
    PQclear(r);
    return {};
  }
  Status error = statementError(r, conn_.get());
  PQclear(r);
  return error;
}

bool PgConnection::connected() const { return PQstatus(conn_.get()) == CONNECTION_OK; }

bool PgConnection::idle() const { return PQtransactionStatus(conn_.get()) == PQTRANS_IDLE; }

Status PgConnection::execCommand(const std::string& sql, const std::vector<PgParam>& params) {
  Result<PgResult> r = exec(sql, params);
  return r.ok() ? Status() : r.error();
}

Status PgConnection::begin() { return execCommand("BEGIN"); }

Status PgConnection::commit() { return execCommand("COMMIT"); }

Status PgConnection::rollback() { return execCommand("ROLLBACK"); }

int PgConnection::socket() const { return PQsocket(conn_.get()); }

int PgConnection::backendPid() const { return PQbackendPID(conn_.get()); }

}  // namespace enp::pg
