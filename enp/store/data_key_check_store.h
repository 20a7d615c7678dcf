#pragma once

#include <cstdint>
#include <string>

#include "enp/common/status.h"
#include "enp/store/database.h"

namespace enp {

/// Which data key (enp.key) the database belongs to: a fingerprint of the first key that started
/// on it (table data_key_check, one row). Every node of a cluster must hold that key, or the
/// credentials it reads do not open and the callback URLs it hands out are refused by the others.
class DataKeyCheckStore {
 public:
  explicit DataKeyCheckStore(Database& db) : db_(db) {}

  /// Records `fingerprint` when the database has none yet, then compares: OK when it is the
  /// database's, kConflict when the database belongs to another key, kStore when the database
  /// fails.
  Status check(const std::string& fingerprint, int64_t nowMs);

  /// Makes `fingerprint` the database's (when its key is lost for good: `enp storage
  /// adopt-key`). Whether that changed anything; kStore when the database fails.
  Result<bool> adopt(const std::string& fingerprint, int64_t nowMs);

 private:
  Database& db_;
};

}  // namespace enp
