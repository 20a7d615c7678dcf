#include "enp/store/data_key_check_store.h"

#include "enp/common/secrets.h"
#include "enp/store/sql/connection.h"
#include "enp/store/sql/statement.h"

namespace enp {

Status DataKeyCheckStore::check(const std::string& fingerprint, int64_t nowMs) {
  std::string stored;
  try {
    auto g = db_.writer();
    sql::Transaction tx(g.db);
    sql::Statement insert(
        g.db,
        "INSERT INTO data_key_check(id, fingerprint, created_at) VALUES (1, ?, ?) "
        "ON CONFLICT(id) DO NOTHING");
    insert.bind(1, fingerprint);
    insert.bind(2, nowMs);
    insert.exec();
    sql::Statement q(g.db, "SELECT fingerprint FROM data_key_check WHERE id = 1");
    if (q.executeStep()) {
      stored = q.getColumn(0).getString();
    }
    tx.commit();
  } catch (const std::exception& e) {
    return Status::store(std::string("checking the data key against the database: ") + e.what());
  }
  if (!constantTimeEquals(stored, fingerprint)) {
    return Status::conflict("the database belongs to another data key");
  }
  return Status();
}

Result<bool> DataKeyCheckStore::adopt(const std::string& fingerprint, int64_t nowMs) try {
  auto g = db_.writer();
  sql::Transaction tx(g.db);
  sql::Statement q(g.db,
                   "INSERT INTO data_key_check(id, fingerprint, created_at) VALUES (1, ?, ?) "
                   "ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint, "
                   "created_at = excluded.created_at "
                   "WHERE data_key_check.fingerprint <> excluded.fingerprint");
  q.bind(1, fingerprint);
  q.bind(2, nowMs);
  const int changed = q.exec();
  tx.commit();
  return changed > 0;
} catch (const std::exception& e) {
  return Status::store(std::string("recording the data key in the database: ") + e.what());
}

}  // namespace enp
