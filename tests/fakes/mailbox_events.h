#pragma once

// Each mailbox's event table, as an Exchange Mailbox server keeps it for subscriptions: every
// event gets the next watermark, and a Subscribe with a watermark replays the events after it as
// long as that watermark is still in the table (NOTES §1.4: "removed from the 30 day window of
// the events table" -> ErrorInvalidWatermark). Here the window is a count of events per mailbox.
//
// Not thread-safe: the owner serialises access.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "send_notification.h"

namespace fakes {

struct LoggedEvent {
  uint64_t sequence = 0;  ///< Unique across mailboxes; the watermark encodes it.
  std::string watermark;
  EventType type = EventType::kStatus;  ///< kStatus marks where a table starts (no event).
  std::string itemId;
  std::string timeStamp;  ///< xs:dateTime.
};

class MailboxEvents {
 public:
  /// keptPerMailbox: entries a table keeps (at least 1); older watermarks become unknown.
  explicit MailboxEvents(size_t keptPerMailbox);

  /// The newest entry of the mailbox's table (a start mark for a table without events).
  const LoggedEvent& head(const std::string& mailbox);

  /// Appends an event and returns it.
  const LoggedEvent& append(const std::string& mailbox, EventType type, std::string itemId,
                            std::string timeStamp);

  /// The sequence of a watermark still in this mailbox's table; nullopt when it is unknown, too
  /// old, or from another mailbox.
  std::optional<uint64_t> find(const std::string& mailbox, const std::string& watermark) const;

  /// The events (not start marks) after sequence, oldest first, at most limit of them.
  std::vector<LoggedEvent> after(const std::string& mailbox, uint64_t sequence, size_t limit) const;

  /// Drops the mailbox's table: every watermark handed out for it becomes unknown.
  void forget(const std::string& mailbox);

  void setKeptPerMailbox(size_t kept);

 private:
  std::deque<LoggedEvent>& table(const std::string& mailbox);
  void trim(std::deque<LoggedEvent>& t) const;

  uint64_t next_ = 1;
  size_t kept_;
  std::unordered_map<std::string, std::deque<LoggedEvent>> tables_;
};

}  // namespace fakes
