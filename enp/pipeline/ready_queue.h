#pragma once

#include <cstddef>
#include <deque>
#include <list>
#include <string>
#include <unordered_map>
#include <vector>

#include "enp/store/event_store.h"

namespace enp {

/// The events the dispatcher holds in hand and has not started yet: in the order they were
/// read, and indexed by registration, so that a batch takes one registration's events without
/// walking (or moving) every other event in hand. Not thread-safe: the pipeline calls it under
/// its own lock.
class ReadyQueue {
 public:
  struct Entry {
    QueuedEvent event;
    size_t group = 0;  // its upstream's, in UpstreamShares
  };

  void push(QueuedEvent event, size_t group);
  size_t size() const { return order_.size(); }
  bool empty() const { return order_.empty(); }
  /// In the order they were pushed.
  const std::list<Entry>& entries() const { return order_; }

  /// The oldest entry `pred` accepts; nullptr when none does.
  template <typename Pred>
  const Entry* findOldest(Pred pred) const {
    for (const Entry& e : order_) {
      if (pred(e)) {
        return &e;
      }
    }
    return nullptr;
  }
  /// Entries of first's registration pushed after `first` (one of this queue's).
  size_t countAfter(const Entry& first) const;
  /// Removes `first` and up to `max` - 1 entries of its registration pushed after it, oldest
  /// first, and returns them in that order.
  std::vector<Entry> take(const Entry& first, size_t max);
  void clear();

 private:
  using Position = std::list<Entry>::iterator;

  std::list<Entry> order_;
  std::unordered_map<std::string, std::deque<Position>> byRegistration_;
};

}  // namespace enp
