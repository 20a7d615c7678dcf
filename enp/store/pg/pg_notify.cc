// PgConnection's LISTEN/NOTIFY: wake-ups between sessions (and so between nodes).

#include <libpq-fe.h>

#include "enp/store/pg/pg_connection.h"
#include "enp/store/pg/pg_error.h"

namespace enp::pg {
namespace {

// "channel" quoted as an SQL identifier; "" when libpq cannot (out of memory, bad encoding).
std::string identifier(pg_conn* c, const std::string& name) {
  char* quoted = PQescapeIdentifier(c, name.data(), name.size());
  if (quoted == nullptr) {
    return "";
  }
  std::string out = quoted;
  PQfreemem(quoted);
  return out;
}

}  // namespace

Status PgConnection::listen(const std::string& channel) {
  const std::string quoted = identifier(conn_.get(), channel);
  if (quoted.empty()) {
    return Status::invalid("postgresql: cannot listen on that channel name: " +
                           cleanMessage(PQerrorMessage(conn_.get())));
  }
  return execCommand("LISTEN " + quoted);
}

Status PgConnection::unlisten(const std::string& channel) {
  const std::string quoted = identifier(conn_.get(), channel);
  if (quoted.empty()) {
    return Status::invalid("postgresql: cannot unlisten that channel name: " +
                           cleanMessage(PQerrorMessage(conn_.get())));
  }
  return execCommand("UNLISTEN " + quoted);
}

Status PgConnection::notify(const std::string& channel, const std::string& payload) {
  return execCommand("SELECT pg_notify($1, $2)", {channel, payload});
}

Result<std::vector<PgNotification>> PgConnection::pollNotifications() {
  if (PQconsumeInput(conn_.get()) == 0) {
    return Status::unavailable("postgresql: connection lost: " +
                               cleanMessage(PQerrorMessage(conn_.get())));
  }
  std::vector<PgNotification> out;
  while (PGnotify* n = PQnotifies(conn_.get())) {
    out.push_back({.channel = n->relname, .payload = n->extra, .senderPid = n->be_pid});
    PQfreemem(n);
  }
  return out;
}

}  // namespace enp::pg
