#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <string>
#include <thread>
#include <vector>

namespace enp {

/// Threads running one Asio io_context, named for top -H and perf ("enp-cpu"), optionally at a
/// lower priority: the pipeline's CPU steps run at a higher nice value so that, when both want the
/// cores, acknowledging Exchange's callbacks (the listener's threads, nice 0) keeps most of them.
class NamedPool {
 public:
  NamedPool(std::string name, int threads, int nice);
  ~NamedPool();
  NamedPool(const NamedPool&) = delete;
  NamedPool& operator=(const NamedPool&) = delete;

  boost::asio::any_io_executor executor() { return io_.get_executor(); }
  /// No handler starts after this; those running finish. Idempotent.
  void stop();
  /// Waits for the threads (after stop(), or once the work runs out). Idempotent.
  void join();

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::vector<std::thread> threads_;
};

}  // namespace enp
