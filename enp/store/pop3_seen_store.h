#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "enp/common/status.h"
#include "enp/store/database.h"

namespace enp {

/// All SQL about the POP3 messages the watcher has seen (tables pop3_mailboxes, pop3_uidls):
/// new mail is a unique id (UIDL) not seen before. Thread-safe; a database failure is kStore.
class Pop3SeenStore {
 public:
  explicit Pop3SeenStore(Database& db) : db_(db) {}

  /// The unique ids seen in registrationId's mailbox; nullopt before the first poll (which sets
  /// the baseline without notifying).
  Result<std::optional<std::set<std::string>>> find(const std::string& registrationId);
  /// Replaces them with `uidls` (those on the server now) in one durable write.
  Status save(const std::string& registrationId, const std::set<std::string>& uidls, int64_t nowMs);

 private:
  Database& db_;
};

}  // namespace enp
