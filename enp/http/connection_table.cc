#include "enp/http/connection_table.h"

#include <vector>

namespace enp::http {

ConnectionTable::Admit ConnectionTable::admit(const std::string& address,
                                              std::function<void()> close, uint64_t* id,
                                              bool* evicted) {
  std::function<void()> evict;
  *evicted = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto per = perAddress_.find(address);
    if (per != perAddress_.end() && per->second >= limits_.maxPerAddress) {
      return Admit::kRefusedPerAddress;
    }
    if (static_cast<int64_t>(entries_.size()) >= limits_.maxTotal) {
      if (idle_.empty()) {
        return Admit::kRefusedTotal;
      }
      // The oldest idle connection leaves the table now (so the count is right at once); it
      // closes on its own thread.
      const uint64_t victim = idle_.front();
      idle_.pop_front();
      auto it = entries_.find(victim);
      evict = std::move(it->second.close);
      if (--perAddress_[it->second.address] == 0) {
        perAddress_.erase(it->second.address);
      }
      entries_.erase(it);
    }
    *id = nextId_++;
    Entry e;
    e.address = address;
    e.close = std::move(close);
    entries_.emplace(*id, std::move(e));
    ++perAddress_[address];
  }
  if (evict) {
    *evicted = true;
    evict();
  }
  return Admit::kAccepted;
}

void ConnectionTable::setIdle(uint64_t id, bool idle) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.idle == idle) {
    return;
  }
  it->second.idle = idle;
  if (idle) {
    it->second.idlePos = idle_.insert(idle_.end(), id);
  } else {
    idle_.erase(it->second.idlePos);
  }
}

void ConnectionTable::remove(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) {
    return;  // evicted already
  }
  if (it->second.idle) {
    idle_.erase(it->second.idlePos);
  }
  if (--perAddress_[it->second.address] == 0) {
    perAddress_.erase(it->second.address);
  }
  entries_.erase(it);
}

void ConnectionTable::closeAll() {
  std::vector<std::function<void()>> closers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, entry] : entries_) {
      closers.push_back(entry.close);
    }
  }
  for (const auto& close : closers) {
    if (close) {
      close();
    }
  }
}

ConnectionTable::Counts ConnectionTable::counts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {static_cast<int64_t>(entries_.size()), static_cast<int64_t>(idle_.size())};
}

}  // namespace enp::http
