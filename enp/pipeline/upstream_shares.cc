#include "enp/pipeline/upstream_shares.h"

#include <algorithm>

namespace enp {

UpstreamShares::UpstreamShares(size_t maxRegistrations)
    : maxRegistrations_(std::max<size_t>(1, maxRegistrations)), groups_(1) {}

std::optional<size_t> UpstreamShares::groupOf(const std::string& registrationId) const {
  const auto it = groupOf_.find(registrationId);
  if (it == groupOf_.end()) {
    return std::nullopt;
  }
  return it->second;
}

size_t UpstreamShares::learn(const std::string& registrationId, const std::string& upstream) {
  auto [id, added] = ids_.emplace(upstream, groups_.size());
  if (added) {
    groups_.emplace_back();
  }
  if (groupOf_.size() >= maxRegistrations_ && groupOf_.count(registrationId) == 0) {
    groupOf_.clear();  // the groups' counts stay: only the look-ups are done again
  }
  groupOf_[registrationId] = id->second;
  return id->second;
}

void UpstreamShares::readyCleared() {
  for (Group& g : groups_) {
    g.ready = 0;
  }
}

std::optional<size_t> UpstreamShares::fewestActiveWithReady() const {
  std::optional<size_t> fewest;
  for (const Group& g : groups_) {
    if (g.ready > 0 && (!fewest || g.active < *fewest)) {
      fewest = g.active;
    }
  }
  return fewest;
}

size_t UpstreamShares::busy() const {
  return static_cast<size_t>(std::count_if(
      groups_.begin(), groups_.end(), [](const Group& g) { return g.active > 0 || g.ready > 0; }));
}

size_t UpstreamShares::share(size_t group, size_t limit) const {
  const Group& g = groups_[group];
  const size_t among = busy() + (g.active > 0 || g.ready > 0 ? 0 : 1);
  return std::max<size_t>(1, limit / among);
}

size_t UpstreamShares::shareOfBusy(size_t limit) const {
  return std::max<size_t>(1, limit / std::max<size_t>(1, busy()));
}

}  // namespace enp
