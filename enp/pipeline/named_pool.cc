#include "enp/pipeline/named_pool.h"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include "enp/common/log.h"

namespace enp {

NamedPool::NamedPool(std::string name, int threads, int nice)
    : work_(boost::asio::make_work_guard(io_)) {
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this, name, nice] {
      pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
      // Linux gives every thread its own nice value (setpriority on the thread id).
      if (nice != 0 && setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice) != 0) {
        log::get(log::Id::kPipeline).debug("{}: priority not lowered", name);
      }
      io_.run();
    });
  }
}

NamedPool::~NamedPool() {
  stop();
  join();
}

void NamedPool::stop() {
  work_.reset();
  io_.stop();
}

void NamedPool::join() {
  for (std::thread& t : threads_) {
    if (t.joinable()) {
      t.join();
    }
  }
}

}  // namespace enp
