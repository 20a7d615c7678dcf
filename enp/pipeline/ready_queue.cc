#include "enp/pipeline/ready_queue.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace enp {
namespace {

// first's place among its registration's entries: usually their oldest (an older one passed
// over belongs to another upstream group, learned after it was read).
template <typename Positions>
auto placeOf(Positions& mine, const ReadyQueue::Entry& first) {
  return std::find_if(mine.begin(), mine.end(), [&](const auto& p) { return &*p == &first; });
}

}  // namespace

void ReadyQueue::push(QueuedEvent event, size_t group) {
  order_.push_back(Entry{std::move(event), group});
  const Position last = std::prev(order_.end());
  byRegistration_[last->event.registrationId].push_back(last);
}

size_t ReadyQueue::countAfter(const Entry& first) const {
  const auto mine = byRegistration_.find(first.event.registrationId);
  if (mine == byRegistration_.end()) {
    return 0;
  }
  const auto at = placeOf(mine->second, first);
  return at == mine->second.end() ? 0 : static_cast<size_t>(mine->second.end() - at - 1);
}

std::vector<ReadyQueue::Entry> ReadyQueue::take(const Entry& first, size_t max) {
  std::vector<Entry> taken;
  const auto found = byRegistration_.find(first.event.registrationId);
  if (found == byRegistration_.end() || max == 0) {
    return taken;
  }
  std::deque<Position>& mine = found->second;
  const auto begin = placeOf(mine, first);
  if (begin == mine.end()) {
    return taken;
  }
  const auto end =
      begin + static_cast<std::ptrdiff_t>(std::min(max, static_cast<size_t>(mine.end() - begin)));
  taken.reserve(static_cast<size_t>(end - begin));
  for (auto it = begin; it != end; ++it) {
    taken.push_back(std::move(**it));
    order_.erase(*it);
  }
  mine.erase(begin, end);
  if (mine.empty()) {
    byRegistration_.erase(found);
  }
  return taken;
}

void ReadyQueue::clear() {
  order_.clear();
  byRegistration_.clear();
}

}  // namespace enp
