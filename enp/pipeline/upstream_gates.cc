#include "enp/pipeline/upstream_gates.h"

#include "enp/common/log.h"

namespace enp {

UpstreamGates::Entry& UpstreamGates::entry(const std::string& upstream,
                                           std::unique_lock<std::mutex>& lock) {
  auto it = breakers_.find(upstream);
  if (it != breakers_.end()) {
    return it->second;
  }
  it = breakers_.emplace(upstream, Entry(options_)).first;
  std::shared_ptr<std::atomic<bool>> held = it->second.held;
  lock.unlock();  // map nodes are stable and never erased: `it` stays valid
  metrics_.gauge("enp_upstream_held{upstream=\"" + upstream + "\"}",
                 "1 while an upstream's mail is held after it failed for everyone",
                 [held] { return held->load() ? 1.0 : 0.0; });
  lock.lock();
  return it->second;
}

void UpstreamGates::settle(const std::string& upstream, Entry& e, UpstreamBreaker::State before) {
  const UpstreamBreaker::State now = e.breaker.state();
  e.held->store(now != UpstreamBreaker::State::kClosed);
  if (before == now) {
    return;
  }
  if (now == UpstreamBreaker::State::kOpen) {
    log::get(log::Id::kPipeline)
        .warn("{} fails for every mail: its queue is held, the next probe in {} ms", upstream,
              e.breaker.hold().count());
  } else if (now == UpstreamBreaker::State::kClosed) {
    log::get(log::Id::kPipeline).info("{} answers again: its queue flows", upstream);
  }
}

UpstreamBreaker::Gate UpstreamGates::admit(const std::string& upstream, int64_t nowMs) {
  std::unique_lock<std::mutex> lock(mutex_);
  Entry& e = entry(upstream, lock);
  const auto before = e.breaker.state();
  const UpstreamBreaker::Gate gate = e.breaker.admit(nowMs);
  settle(upstream, e, before);
  return gate;
}

void UpstreamGates::onSuccess(const std::string& upstream, int64_t nowMs) {
  std::unique_lock<std::mutex> lock(mutex_);
  Entry& e = entry(upstream, lock);
  const auto before = e.breaker.state();
  e.breaker.onSuccess(nowMs);
  settle(upstream, e, before);
}

void UpstreamGates::onFailure(const std::string& upstream, int64_t nowMs) {
  std::unique_lock<std::mutex> lock(mutex_);
  Entry& e = entry(upstream, lock);
  const auto before = e.breaker.state();
  e.breaker.onFailure(nowMs);
  settle(upstream, e, before);
}

std::vector<std::string> UpstreamGates::held() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [name, e] : breakers_) {
    if (e.breaker.state() != UpstreamBreaker::State::kClosed) {
      out.push_back(name);
    }
  }
  return out;
}

}  // namespace enp
