#include "held_connections.h"

#include <sys/resource.h>

#include <chrono>

namespace bench {

HeldConnections::HeldConnections(const Poco::Net::SocketAddress& address, size_t idle, size_t slow)
    : address_(address) {
  idle_.reserve(idle);
  for (size_t i = 0; i < idle; ++i) {
    idle_.emplace_back(address_);
  }
  slow_.reserve(slow);
  for (size_t i = 0; i < slow; ++i) {
    slow_.emplace_back(address_);
    slow_.back().sendBytes("P", 1);  // a request that has begun and never ends
  }
  thread_ = std::thread([this] { trickle(); });
}

HeldConnections::~HeldConnections() {
  stop_ = true;
  thread_.join();
}

void HeldConnections::trickle() {
  using Clock = std::chrono::steady_clock;
  Clock::time_point next = Clock::now();
  while (!stop_.load()) {
    if (Clock::now() < next) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // pacing a load, not a sync
      continue;
    }
    next += std::chrono::seconds(1);
    for (Poco::Net::StreamSocket& s : slow_) {
      try {
        s.sendBytes("O", 1);
      } catch (const Poco::Exception&) {
        try {
          s = Poco::Net::StreamSocket(address_);
          s.sendBytes("P", 1);
          ++reopened_;
        } catch (const Poco::Exception&) {
        }
      }
    }
  }
}

size_t raiseFileLimit() {
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);
  return files.rlim_cur;
}

}  // namespace bench
