// PgConnection's advisory locks: a named point of mutual exclusion between sessions (and so
// between nodes), released by the server when the holding session ends.

#include "enp/store/pg/pg_connection.h"

namespace enp::pg {

Result<bool> PgConnection::tryAdvisoryLock(int64_t key) {
  Result<PgResult> r = exec("SELECT pg_try_advisory_lock($1::bigint)", {std::to_string(key)});
  if (!r.ok()) {
    return r.error();
  }
  return r->text(0, 0) == "t";
}

Status PgConnection::advisoryLock(int64_t key) {
  return execCommand("SELECT pg_advisory_lock($1::bigint)", {std::to_string(key)});
}

Status PgConnection::advisoryUnlock(int64_t key) {
  Result<PgResult> r = exec("SELECT pg_advisory_unlock($1::bigint)", {std::to_string(key)});
  if (!r.ok()) {
    return r.error();
  }
  if (r->text(0, 0) != "t") {
    return Status::internal("postgresql: advisory lock " + std::to_string(key) +
                            " was not held by this session");
  }
  return {};
}

}  // namespace enp::pg
