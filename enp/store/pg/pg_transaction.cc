#include "enp/store/pg/pg_transaction.h"

namespace enp::pg {

PgTransaction::~PgTransaction() {
  if (open_) {
    // Nothing to report it to: a failed ROLLBACK means the connection is gone, and the server
    // has rolled back then.
    (void)connection_.rollback();
  }
}

Status PgTransaction::begin() {
  ENP_RETURN_IF_ERROR(connection_.begin());
  open_ = true;
  return {};
}

Status PgTransaction::commit() {
  open_ = false;
  return connection_.commit();
}

}  // namespace enp::pg
