#include "enp/source/ews/subscription_book.h"

namespace enp {
namespace {

constexpr size_t kMaxWatermarks = 200000;

}  // namespace

void SubscriptionBook::saved(const SubscriptionRecord& record) {
  std::lock_guard<std::mutex> lock(mutex_);
  Current& c = current_[record.registrationId];
  if (c.subscriptionId != record.subscriptionId && !c.subscriptionId.empty()) {
    watermarks_.erase(c.subscriptionId);
  }
  c = {record.state, record.subscriptionId};
}

void SubscriptionBook::started(const std::string& subscriptionId, const std::string& watermark) {
  if (subscriptionId.empty() || watermark.empty()) {
    return;
  }
  // Its first notification may have come before Subscribe's answer was read: keep that one.
  std::lock_guard<std::mutex> lock(mutex_);
  watermarks_.emplace(subscriptionId, watermark);
}

bool SubscriptionBook::superseded(const std::string& registrationId,
                                  const std::string& subscriptionId) {
  if (subscriptionId.empty()) {
    return false;
  }
  Current c;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = current_.find(registrationId);
    if (it != current_.end()) {
      c = it->second;
    } else {
      auto record = store_.find(registrationId);
      if (record.ok()) {
        c = {record->state, record->subscriptionId};
      } else if (record.error().code() != StatusCode::kNotFound) {
        return false;  // Unknown: keep the callback (a duplicate costs less than a lost mail).
      }
      current_[registrationId] = c;
    }
  }
  return c.state == SubscriptionState::kActive && !c.subscriptionId.empty() &&
         c.subscriptionId != subscriptionId;
}

std::string SubscriptionBook::kept(const std::string& subscriptionId) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = watermarks_.find(subscriptionId);
  return it == watermarks_.end() ? std::string() : it->second;
}

void SubscriptionBook::keep(const std::string& subscriptionId, const std::string& watermark) {
  if (subscriptionId.empty() || watermark.empty()) {
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (watermarks_.size() >= kMaxWatermarks && watermarks_.count(subscriptionId) == 0) {
    watermarks_.clear();  // Subscriptions the app made come and go; start over, lose only gaps.
  }
  watermarks_[subscriptionId] = watermark;
}

}  // namespace enp
