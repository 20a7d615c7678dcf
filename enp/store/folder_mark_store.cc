#include "enp/store/folder_mark_store.h"

#include "enp/store/sql/statement.h"

namespace enp {

Result<std::optional<StoredFolderMark>> FolderMarkStore::find(
    const std::string& registrationId) try {
  auto g = db_.reader();
  sql::Statement q(g.db,
                   "SELECT uid_validity, last_uid FROM mail_folder_marks "
                   "WHERE registration_id = ?");
  q.bind(1, registrationId);
  if (!q.executeStep()) {
    return std::optional<StoredFolderMark>();
  }
  return std::optional<StoredFolderMark>(
      StoredFolderMark{static_cast<uint32_t>(q.getColumn(0).getInt64()),
                       static_cast<uint32_t>(q.getColumn(1).getInt64())});
} catch (const std::exception& e) {
  return Status::store("reading the folder mark of " + registrationId + ": " + e.what());
}

Status FolderMarkStore::save(const std::string& registrationId, const StoredFolderMark& mark,
                             int64_t nowMs) {
  return db_.write([&](sql::Connection& db) {
    sql::Statement q(db,
                     "INSERT INTO mail_folder_marks(registration_id, uid_validity, last_uid, "
                     "updated_at) SELECT ?, ?, ?, ? WHERE EXISTS "
                     "(SELECT 1 FROM registrations WHERE id = ?) "
                     "ON CONFLICT(registration_id) DO UPDATE SET "
                     "uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, "
                     "updated_at = excluded.updated_at");
    q.bind(1, registrationId);
    q.bind(2, static_cast<int64_t>(mark.uidValidity));
    q.bind(3, static_cast<int64_t>(mark.lastUid));
    q.bind(4, nowMs);
    q.bind(5, registrationId);
    q.exec();
  });
}

}  // namespace enp
