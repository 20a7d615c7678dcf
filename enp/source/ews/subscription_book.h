#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "enp/store/subscription_store.h"

namespace enp {

/// What the callback path needs to know of ENP's subscriptions, in memory: which subscription of
/// a registration is the current one (callbacks from others are ended with Unsubscribe), and
/// the last watermark of each subscription (to notice a gap). The keeper writes through it; the
/// callback path reads it, loading a registration's record from the store on first use.
/// Thread-safe.
class SubscriptionBook {
 public:
  explicit SubscriptionBook(SubscriptionStore& store) : store_(store) {}

  /// The keeper stored `record`.
  void saved(const SubscriptionRecord& record);

  /// A subscription starts at `watermark` (Subscribe's answer), unless a notification of it
  /// came first.
  void started(const std::string& subscriptionId, const std::string& watermark);

  /// True when a callback from `subscriptionId` for `registrationId` is from a subscription
  /// ENP no longer wants: the registration's subscriptions are ENP's, its current one is active
  /// and this is another (an older one ENP replaced, or one the app made). Never while a
  /// Subscribe is in flight, so a new subscription's first callback is not refused.
  bool superseded(const std::string& registrationId, const std::string& subscriptionId);

  /// The last watermark kept for `subscriptionId` ("" when none).
  std::string kept(const std::string& subscriptionId);

  /// Keeps `watermark` as the last one of `subscriptionId`.
  void keep(const std::string& subscriptionId, const std::string& watermark);

 private:
  struct Current {
    SubscriptionState state = SubscriptionState::kAppManaged;
    std::string subscriptionId;
  };

  SubscriptionStore& store_;
  std::mutex mutex_;
  std::unordered_map<std::string, Current> current_;         // GUARDED_BY(mutex_)
  std::unordered_map<std::string, std::string> watermarks_;  // GUARDED_BY(mutex_)
};

}  // namespace enp
