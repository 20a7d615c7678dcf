#pragma once

// Connections a benchmark holds open against a listener while it measures: idle ones that send
// nothing, and slow ones that trickle one header byte per second (reopened when the listener
// closes them at its header deadline, so their number stays what was asked).

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <thread>
#include <vector>

namespace bench {

class HeldConnections {
 public:
  /// Opens `idle` + `slow` connections to `address` (raise RLIMIT_NOFILE first).
  HeldConnections(const Poco::Net::SocketAddress& address, size_t idle, size_t slow);
  ~HeldConnections();  ///< Closes them all.
  HeldConnections(const HeldConnections&) = delete;
  HeldConnections& operator=(const HeldConnections&) = delete;

  /// Slow connections the listener closed (and this reopened) so far.
  size_t reopened() const { return reopened_.load(); }

 private:
  void trickle();

  const Poco::Net::SocketAddress address_;
  std::vector<Poco::Net::StreamSocket> idle_;
  std::vector<Poco::Net::StreamSocket> slow_;
  std::atomic<bool> stop_{false};
  std::atomic<size_t> reopened_{0};
  std::thread thread_;
};

/// Raises this process's open-file limit to the hard limit; the new soft limit.
size_t raiseFileLimit();

}  // namespace bench
