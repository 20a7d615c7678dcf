#include "enp/app/maintenance.h"

#include <pthread.h>

#include "enp/common/log.h"

namespace enp {
namespace {

constexpr int kPruneChunk = 1000;

}  // namespace

Maintenance::Maintenance(EventStore& events, const Clock& clock, Metrics& metrics, Options options,
                         AlertStore* alerts)
    : events_(events),
      alerts_(alerts),
      clock_(clock),
      pruned_(metrics.counter("enp_events_pruned_total",
                              "Finished events deleted after the retention")),
      options_(options) {}

Maintenance::~Maintenance() { stop(); }

void Maintenance::start() {
  thread_ = std::thread([this] { loop(); });
}

void Maintenance::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

int64_t Maintenance::runOnce() {
  if (options_.shares != nullptr && !options_.shares->ownsJob(cluster::SingleJob::kRetention)) {
    return 0;  // another node's job
  }
  const int64_t before =
      clock_.nowMs() -
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.retention).count();
  int64_t total = 0;
  // Chunks, each a short write of its own: acks and outcomes commit in between.
  for (int n = kPruneChunk; n == kPruneChunk;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) {
        break;
      }
    }
    const Result<int> pruned = events_.prune(before, kPruneChunk);
    if (!pruned.ok()) {
      log::get(log::Id::kStore).error("{}", pruned.error().message());
      break;
    }
    n = *pruned;
    total += n;
    pruned_.inc(n);
  }
  if (total > 0) {
    log::get(log::Id::kStore)
        .info("deleted {} finished event(s) older than {} h", total, options_.retention.count());
  }
  pruneAlerts();
  return total;
}

void Maintenance::pruneAlerts() {
  if (alerts_ == nullptr) {
    return;
  }
  const int64_t before =
      clock_.nowMs() -
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.alertRetention).count();
  const Result<int> pruned = alerts_->prune(before);
  if (!pruned.ok()) {
    log::get(log::Id::kStore).error("{}", pruned.error().message());
  } else if (*pruned > 0) {
    log::get(log::Id::kStore)
        .info("deleted {} alert(s) resolved more than {} days ago", *pruned,
              options_.alertRetention.count() / 24);
  }
}

void Maintenance::loop() {
  pthread_setname_np(pthread_self(), "enp-maintain");
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    runOnce();
    lock.lock();
    cv_.wait_for(lock, options_.interval, [this] { return stopping_; });
  }
}

}  // namespace enp
