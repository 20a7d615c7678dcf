#include "mailbox_events.h"

#include <algorithm>
#include <utility>

namespace fakes {

MailboxEvents::MailboxEvents(size_t keptPerMailbox) : kept_(std::max<size_t>(keptPerMailbox, 1)) {}

std::deque<LoggedEvent>& MailboxEvents::table(const std::string& mailbox) {
  std::deque<LoggedEvent>& t = tables_[mailbox];
  if (t.empty()) {
    LoggedEvent mark;
    mark.sequence = next_++;
    mark.watermark = makeWatermark(mark.sequence);
    t.push_back(std::move(mark));
  }
  return t;
}

void MailboxEvents::trim(std::deque<LoggedEvent>& t) const {
  while (t.size() > kept_) {
    t.pop_front();
  }
}

const LoggedEvent& MailboxEvents::head(const std::string& mailbox) { return table(mailbox).back(); }

const LoggedEvent& MailboxEvents::append(const std::string& mailbox, EventType type,
                                         std::string itemId, std::string timeStamp) {
  std::deque<LoggedEvent>& t = table(mailbox);
  LoggedEvent e;
  e.sequence = next_++;
  e.watermark = makeWatermark(e.sequence);
  e.type = type;
  e.itemId = std::move(itemId);
  e.timeStamp = std::move(timeStamp);
  t.push_back(std::move(e));
  trim(t);
  return t.back();
}

std::optional<uint64_t> MailboxEvents::find(const std::string& mailbox,
                                            const std::string& watermark) const {
  const auto t = tables_.find(mailbox);
  if (t == tables_.end()) {
    return std::nullopt;
  }
  for (const LoggedEvent& e : t->second) {
    if (e.watermark == watermark) {
      return e.sequence;
    }
  }
  return std::nullopt;
}

std::vector<LoggedEvent> MailboxEvents::after(const std::string& mailbox, uint64_t sequence,
                                              size_t limit) const {
  std::vector<LoggedEvent> out;
  const auto t = tables_.find(mailbox);
  if (t == tables_.end()) {
    return out;
  }
  for (const LoggedEvent& e : t->second) {
    if (e.sequence > sequence && e.type != EventType::kStatus) {
      if (out.size() == limit) {
        break;
      }
      out.push_back(e);
    }
  }
  return out;
}

void MailboxEvents::forget(const std::string& mailbox) { tables_.erase(mailbox); }

void MailboxEvents::setKeptPerMailbox(size_t kept) {
  kept_ = std::max<size_t>(kept, 1);
  for (auto& [mailbox, t] : tables_) {
    trim(t);
  }
}

}  // namespace fakes
