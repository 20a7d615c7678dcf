#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "enp/common/status.h"
#include "enp/store/database.h"

namespace enp {

/// What the mailbox watcher remembers of an IMAP account's folder: new mail is a UID above
/// lastUid while the folder keeps uidValidity (RFC 3501 §2.3.1.1).
struct StoredFolderMark {
  uint32_t uidValidity = 0;
  uint32_t lastUid = 0;
};

/// All SQL about folder marks (table mail_folder_marks). Thread-safe; a database failure is
/// kStore. A mark goes with its registration (ON DELETE CASCADE).
class FolderMarkStore {
 public:
  explicit FolderMarkStore(Database& db) : db_(db) {}

  /// The mark of registrationId's folder; nullopt when none was stored (the first connection).
  Result<std::optional<StoredFolderMark>> find(const std::string& registrationId);
  /// Stores the mark durably (group commit): written after the mail below it was queued.
  Status save(const std::string& registrationId, const StoredFolderMark& mark, int64_t nowMs);

 private:
  Database& db_;
};

}  // namespace enp
