#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace enp::http {

/// The open connections of one listener, by client address, and which of them are idle
/// (keep-alive, between requests): what decides whether a new connection is let in.
///   - at most maxPerAddress from one address: the excess is refused (one client cannot take
///     the listener for itself);
///   - at most maxTotal in all: at the cap, the connection idle the longest is closed to make
///     room (an idle keep-alive connection costs the client nothing to reopen); with none idle,
///     the new one is refused.
/// Thread-safe.
class ConnectionTable {
 public:
  struct Limits {
    int maxTotal = 10000;
    int maxPerAddress = 256;
  };
  enum class Admit { kAccepted, kRefusedTotal, kRefusedPerAddress };
  struct Counts {
    int64_t open = 0;
    int64_t idle = 0;
  };

  explicit ConnectionTable(Limits limits) : limits_(limits) {}

  /// Asks to let in a connection from `address`. When accepted, `close` is how the table ends
  /// it should room be needed while it is idle (called without the table's lock held), *id names
  /// it for the calls below, and *evicted says whether an idle connection was closed for it.
  Admit admit(const std::string& address, std::function<void()> close, uint64_t* id, bool* evicted);
  /// The connection waits for its next request (true) or is reading/serving one (false).
  void setIdle(uint64_t id, bool idle);
  /// The connection is gone.
  void remove(uint64_t id);
  /// Calls every connection's close (the listener stops); entries leave with remove().
  void closeAll();

  Counts counts() const;

 private:
  struct Entry {
    std::string address;
    std::function<void()> close;
    bool idle = false;
    std::list<uint64_t>::iterator idlePos;  // valid while idle
  };

  const Limits limits_;
  mutable std::mutex mutex_;
  uint64_t nextId_ = 1;                              // GUARDED_BY(mutex_)
  std::unordered_map<uint64_t, Entry> entries_;      // GUARDED_BY(mutex_)
  std::unordered_map<std::string, int> perAddress_;  // GUARDED_BY(mutex_)
  std::list<uint64_t> idle_;                         // GUARDED_BY(mutex_): oldest first
};

}  // namespace enp::http
