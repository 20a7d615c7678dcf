#pragma once

#include <map>
#include <mutex>
#include <string>

namespace enp {

/// Subscriptions being created right now, by the hash of their clientState. Graph may send the
/// first change notification of a subscription before ENP has stored the id Graph answered
/// with (a mail arriving as the create returns): the notification handler then finds the
/// registration here, proven by the clientState that only ENP and Graph know.
/// Thread-safe.
class PendingCreates {
 public:
  /// From before the create is sent until its record is stored (or it failed).
  void begin(const std::string& clientStateHash, const std::string& registrationId) {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_[clientStateHash] = registrationId;
  }
  void end(const std::string& clientStateHash) {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.erase(clientStateHash);
  }
  /// The registration whose create carries this clientState hash; "" when none.
  std::string registrationFor(const std::string& clientStateHash) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = pending_.find(clientStateHash);
    return it == pending_.end() ? std::string() : it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> pending_;  // GUARDED_BY(mutex_)
};

}  // namespace enp
