#pragma once

// Copies one table from the SQLite database into the same, empty table on PostgreSQL: rows in
// primary-key order, a batch per transaction on the target, several rows per INSERT; then the
// identity columns' sequences are moved past the copied ids, so that the rows ENP adds next do
// not collide with them.

#include <cstdint>
#include <functional>

#include "enp/common/status.h"
#include "enp/store/sql/connection.h"
#include "enp/store/transfer/table_list.h"

namespace enp::transfer {

struct CopyOptions {
  int batchRows = 1000;  ///< Rows read per page and committed per transaction on the target.
  /// Called after each committed batch with the rows copied so far.
  std::function<void(int64_t copied)> progress;
};

/// Copies every row of `table` from `source` into `target`, values as they are (NULL stays
/// NULL). The rows copied, or kConflict when the target refuses a row (a key already there),
/// kStore for another failure of either database; the batches committed before stay.
Result<int64_t> copyTable(sql::Connection& source, sql::Connection& target, const Table& table,
                          const CopyOptions& options = {});

/// On PostgreSQL: each identity (or serial) column of `table` continues after its largest
/// value (setval). Nothing on SQLite, whose rowids always do. kStore when it fails.
Status advanceIdentities(sql::Connection& target, const Table& table);

}  // namespace enp::transfer
