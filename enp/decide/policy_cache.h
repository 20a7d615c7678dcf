#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "enp/common/status.h"
#include "rules/policy.h"
#include "rules/zones.h"

namespace enp {

/// Registrations' stored policies, parsed once per text. loadPolicy() of one text always gives
/// the same answer (the zones do not change while ENP runs), and its JSON parse was ~6 % of the
/// instructions ENP spends on a notification (instant case, one mail per registration, counted
/// by callgrind): a batch whose registration's policy text was seen before copies the parsed
/// policy instead. The Pipeline holds one for all its Processors. At most `capacity` texts are
/// held; when full, all are dropped (a bound, not an LRU: what is still in use is parsed again).
/// Thread-safe.
class PolicyCache {
 public:
  static constexpr size_t kDefaultCapacity = 1024;

  explicit PolicyCache(const rules::ZoneDb& zones, size_t capacity = kDefaultCapacity)
      : zones_(zones), capacity_(capacity) {}

  /// loadPolicy(policyJson, zones): the policy, or why the stored text is not one.
  Result<rules::Policy> load(const std::string& policyJson);

  /// The texts held now.
  size_t size() const;

 private:
  const rules::ZoneDb& zones_;
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Result<rules::Policy>> parsed_;  // GUARDED_BY(mutex_)
};

}  // namespace enp
