#pragma once

#include <map>
#include <mutex>
#include <string>

#include "enp/store/graph_subscription_record.h"

namespace enp {

/// Subscriptions being created right now, by the hash of their clientState. Graph may send the
/// first notification of a subscription before ENP has stored the id Graph answered with (a
/// mail arriving as the create returns, or a lifecycle event): the notification handler then
/// finds the registration here, proven by the clientState that only ENP and Graph know, and a
/// lifecycle event waits here until the keeper has stored the record it applies to.
/// Thread-safe.
class PendingCreates {
 public:
  /// From before the create is sent until its record is stored (or it failed).
  void begin(const std::string& clientStateHash, const std::string& registrationId,
             const std::string& tenant) {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_[clientStateHash] = Pending{registrationId, tenant, GraphLifecycle::kNone};
  }
  /// Ends the wait; returns the lifecycle event noted meanwhile (kNone when none), which the
  /// caller applies to the record it has just stored.
  GraphLifecycle end(const std::string& clientStateHash) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = pending_.find(clientStateHash);
    if (it == pending_.end()) {
      return GraphLifecycle::kNone;
    }
    const GraphLifecycle noted = it->second.lifecycle;
    pending_.erase(it);
    return noted;
  }
  /// The registration whose create carries this clientState hash; "" when none.
  std::string registrationFor(const std::string& clientStateHash) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = pending_.find(clientStateHash);
    return it == pending_.end() ? std::string() : it->second.registrationId;
  }
  /// The tenant (graph[].name) of that create; "" when none.
  std::string tenantFor(const std::string& clientStateHash) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = pending_.find(clientStateHash);
    return it == pending_.end() ? std::string() : it->second.tenant;
  }
  /// Keeps a lifecycle event for a create still under way; false when it has ended meanwhile
  /// (its record is stored: mark the event there).
  bool noteLifecycle(const std::string& clientStateHash, GraphLifecycle lifecycle) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = pending_.find(clientStateHash);
    if (it == pending_.end()) {
      return false;
    }
    it->second.lifecycle = lifecycle;
    return true;
  }

 private:
  struct Pending {
    std::string registrationId;
    std::string tenant;
    GraphLifecycle lifecycle;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Pending> pending_;  // GUARDED_BY(mutex_)
};

}  // namespace enp
