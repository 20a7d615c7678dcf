#pragma once

// A transaction on a PgConnection, rolled back unless committed (SQLiteCpp's Transaction).
//
//   PgTransaction tx(connection);
//   ENP_RETURN_IF_ERROR(tx.begin());
//   ... connection.exec(...) ...
//   ENP_RETURN_IF_ERROR(tx.commit());

#include "enp/common/status.h"
#include "enp/store/pg/pg_connection.h"

namespace enp::pg {

class PgTransaction {
 public:
  explicit PgTransaction(PgConnection& connection) : connection_(connection) {}
  /// Rolls back a begun transaction that was not committed.
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

  Status begin();
  Status commit();

 private:
  PgConnection& connection_;
  bool open_ = false;
};

}  // namespace enp::pg
