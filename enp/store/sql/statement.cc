#include "enp/store/sql/statement.h"

#include "enp/store/sql/connection.h"

namespace enp::sql {

Statement::Statement(Connection& connection, const std::string& sql)
    : impl_(connection.prepare(sql)) {}

void Statement::tryReset() noexcept {
  try {
    impl_->reset();
  } catch (...) {  // reported to the run that failed
  }
}

int64_t queryInt64(Connection& connection, const std::string& sql) {
  Statement q(connection, sql);
  if (!q.executeStep() || q.getColumn(0).isNull()) {
    return 0;
  }
  return q.getColumn(0).getInt64();
}

Transaction::Transaction(Connection& connection) : connection_(connection) {
  connection_.exec(connection_.beginWrite());
}

Transaction::~Transaction() {
  if (open_) {
    try {
      connection_.exec("ROLLBACK");
    } catch (...) {  // the connection is gone: nothing was committed
    }
  }
}

void Transaction::commit() {
  connection_.exec("COMMIT");
  open_ = false;
}

}  // namespace enp::sql
