#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "enp/source/mail.h"

namespace enp {

/// The mails the watcher read when it queued them, held in memory until a worker takes them, so
/// that a queued IMAP event is not read from the server a second time. Only memory: after a
/// restart (or when more than `capacity` wait) the reader reads the mail from the server again.
/// Thread-safe.
class MailCache {
 public:
  explicit MailCache(size_t capacity = 10000) : capacity_(capacity) {}

  void put(const std::string& registrationId, const std::string& itemId, Mail mail);
  /// The mail, removed from the cache; nullopt when it is not held.
  std::optional<Mail> take(const std::string& registrationId, const std::string& itemId);

 private:
  using Key = std::pair<std::string, std::string>;
  const size_t capacity_;
  std::mutex mutex_;
  std::map<Key, Mail> mails_;  // GUARDED_BY(mutex_)
  std::deque<Key> order_;      // GUARDED_BY(mutex_): oldest first (may name taken ones)
};

}  // namespace enp
