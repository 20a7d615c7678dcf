#include "enp/cluster/share_book.h"

namespace enp::cluster {

int shareOf(std::string_view key) {
  uint32_t hash = 2166136261u;
  for (const char c : key) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return static_cast<int>(hash % kKeyShares);
}

bool ShareBook::ownsShare(int share) const {
  if (everything_) {
    return true;
  }
  if (share < 0 || share >= kShareCount) {
    return false;
  }
  std::lock_guard lock(mutex_);
  return held_.test(static_cast<size_t>(share)) && clock_.nowMs() < validUntilMs_;
}

void ShareBook::hold(const std::vector<int>& shares, int64_t validUntilMs) {
  std::bitset<kShareCount> next;
  for (const int s : shares) {
    if (s >= 0 && s < kShareCount) {
      next.set(static_cast<size_t>(s));
    }
  }
  bool differs = false;
  {
    std::lock_guard lock(mutex_);
    // A lease that had run out counts as a change too: the shares come back to work.
    differs = next != held_ || clock_.nowMs() >= validUntilMs_;
    held_ = next;
    validUntilMs_ = validUntilMs;
  }
  if (differs) {
    changed();
  }
}

void ShareBook::drop(int share) {
  if (share < 0 || share >= kShareCount) {
    return;
  }
  {
    std::lock_guard lock(mutex_);
    held_.reset(static_cast<size_t>(share));
  }
  changed();
}

void ShareBook::dropAll() {
  {
    std::lock_guard lock(mutex_);
    held_.reset();
  }
  changed();
}

std::vector<int> ShareBook::held() const {
  std::vector<int> out;
  for (int s = 0; s < kShareCount; ++s) {
    if (ownsShare(s)) {
      out.push_back(s);
    }
  }
  return out;
}

void ShareBook::changed() { ++generation_; }

}  // namespace enp::cluster
