#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/database.h"

namespace enp {

/// What ENP knows of a mailbox's own working hours (registrations with workHoursFrom
/// "mailbox").
struct MailboxHours {
  enum class State {
    kFound,   ///< Read: timeZone and the hours below apply.
    kNone,    ///< Read: the mailbox has none (the registration's hours apply).
    kFailed,  ///< Not read (error says why); the last hours found, if any, still apply.
  };
  std::string mailbox;  ///< Lower-case.
  State state = State::kFailed;
  std::string timeZone;  ///< tzdata name; "" when no zone matched Exchange's description.
  uint8_t days = 0;      ///< Bit i = weekday i (0 = Sunday), as rules::WorkHours::days.
  int startMinute = 0;
  int endMinute = 0;
  std::string notes;       ///< What could not be carried over exactly (plain words).
  std::string error;       ///< The last failure; "" after a successful read.
  int64_t readAt = 0;      ///< ms of the last successful read; 0 = never.
  int64_t nextReadAt = 0;  ///< ms.
  int attempts = 0;        ///< Failed reads in a row.
};
const char* toString(MailboxHours::State state);  ///< "found" | "none" | "failed"

/// All SQL about mailbox_hours. Thread-safe; store failures are kStore.
class MailboxHoursStore {
 public:
  explicit MailboxHoursStore(Database& db) : db_(db) {}

  /// Mailboxes of active registrations with workHoursFrom "mailbox" whose hours were never
  /// read or are due at nowMs, never-read first; at most `limit`. The record is nullopt for a
  /// mailbox never looked at.
  Result<std::vector<std::pair<std::string, std::optional<MailboxHours>>>> due(int64_t nowMs,
                                                                               int limit);

  /// Inserts or replaces the record of hours.mailbox.
  Status save(const MailboxHours& hours);

  /// The record of a mailbox; kNotFound when its hours were never looked at.
  Result<MailboxHours> find(const std::string& mailbox);

  /// Makes a mailbox's record due now (its registration asked for the mailbox's hours again).
  Status recheck(const std::string& mailbox);

 private:
  Database& db_;
};

}  // namespace enp
