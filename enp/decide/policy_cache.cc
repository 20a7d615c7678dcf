#include "enp/decide/policy_cache.h"

#include "enp/decide/decider.h"

namespace enp {

Result<rules::Policy> PolicyCache::load(const std::string& policyJson) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = parsed_.find(policyJson); it != parsed_.end()) {
      return it->second;
    }
  }
  Result<rules::Policy> policy = loadPolicy(policyJson, zones_);  // outside the lock
  std::lock_guard<std::mutex> lock(mutex_);
  if (parsed_.size() >= capacity_) {
    parsed_.clear();
  }
  parsed_.emplace(policyJson, policy);
  return policy;
}

size_t PolicyCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return parsed_.size();
}

}  // namespace enp
