#include "enp/pipeline/pipeline.h"

#include <pthread.h>

#include "enp/common/log.h"

namespace enp {
namespace {

// The dispatcher looks at the store at least this often even without a wake-up, so retries
// scheduled for later are picked up when they fall due.
constexpr std::chrono::milliseconds kMaxIdle{1000};
// How long the dispatcher waits before reading the queue again after the store failed.
constexpr std::chrono::milliseconds kAfterStoreFailure{1000};
// Items of one mailbox read by one GetItem (and then pushed one after the other).
constexpr size_t kMaxBatch = 8;

}  // namespace

Pipeline::Pipeline(Processor::Deps deps, SinkFactory sinks, int workers)
    : deps_(deps),
      sinks_(std::move(sinks)),
      workers_(workers),
      lowWater_(std::max<size_t>(1, static_cast<size_t>(workers) / 2)) {}

Pipeline::~Pipeline() { stop(std::chrono::milliseconds(0)); }

void Pipeline::start() {
  running_ = workers_;
  for (int i = 0; i < workers_; ++i) {
    threads_.emplace_back([this, i] { workerLoop(i); });
  }
  dispatcher_ = std::thread([this] { dispatchLoop(); });
}

void Pipeline::wake() {
  if (!listening_.load() || woken_.exchange(true)) {
    return;  // the dispatcher has work in hand, or has not yet looked since the last wake-up
  }
  { std::lock_guard<std::mutex> lock(mutex_); }  // the dispatcher is waiting or will see woken_
  dispatchCv_.notify_one();
}

void Pipeline::wakeLocked() {
  woken_ = true;
  dispatchCv_.notify_one();
}

size_t Pipeline::inFlight() {
  std::lock_guard<std::mutex> lock(mutex_);
  return leased_.size();
}

void Pipeline::dispatchLoop() {
  pthread_setname_np(pthread_self(), "enp-dispatch");  // for top -H, perf and the like
  // Keep about two events per worker (and at least a full batch) waiting in memory, so a stop
  // leaves little half-dispatched, and read the store only when fewer than half a worker set's
  // events wait: under load one query then leases many events instead of one per finished event.
  const size_t capacity = static_cast<size_t>(workers_) * 2 + kMaxBatch;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    if (ready_.size() >= lowWater_) {  // (lowWater_ < capacity)
      // Enough work in hand: new events change nothing until workers take it (takeBatch()
      // wakes this thread then), so commits need not wake it.
      listening_ = false;
      dispatchCv_.wait_for(lock, kMaxIdle, [this] { return stopping_ || woken_; });
      continue;
    }
    listening_ = true;  // before reading the store: a commit after the read wakes this thread
    const size_t room = capacity - ready_.size();
    std::vector<int64_t> exclude(leased_.begin(), leased_.end());  // sorted
    lock.unlock();
    const int64_t now = deps_.clock.nowMs();
    std::vector<QueuedEvent> due;
    std::optional<int64_t> next;
    Result<std::vector<QueuedEvent>> read = deps_.events.due(now, static_cast<int>(room), exclude);
    if (read.ok()) {
      due = std::move(*read);
      if (due.size() < room) {
        // Nothing else is due now: when is the next?
        Result<std::optional<int64_t>> after = deps_.events.nextDueAfter(now);
        next = after.ok() ? *after : now + kAfterStoreFailure.count();
      }
    } else {
      log::get(log::Id::kPipeline).error("{}", read.error().message());
      next = now + kAfterStoreFailure.count();
    }
    lock.lock();
    for (auto& e : due) {
      leased_.insert(e.id);
      ready_.push_back(std::move(e));
      workCv_.notify_one();
    }
    if (stopping_ || woken_ || due.size() == room) {
      continue;  // woken meanwhile, or perhaps more is due than there was room for
    }
    // Sleep until woken (a commit, or a worker freeing room), or until the next retry falls due.
    auto wait = kMaxIdle;
    if (next) {
      wait = std::min(wait, std::chrono::milliseconds(std::max<int64_t>(*next - now, 1)));
    }
    dispatchCv_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
  }
}

void Pipeline::workerLoop(int /*index*/) {
  pthread_setname_np(pthread_self(), "enp-worker");
  Processor processor(deps_, sinks_(), stopRequested_);
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    ++idle_;
    workCv_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
    --idle_;
    if (stopping_) {
      break;
    }
    std::vector<QueuedEvent> batch = takeBatch();
    if (ready_.size() < lowWater_) {
      wakeLocked();  // time to lease more
    }
    lock.unlock();
    const Result<bool> outcome = processor.process(batch);
    if (!outcome.ok()) {
      // The outcomes could not be recorded (the store failed): the events stay queued as they
      // were; they stay leased a while so they are not tried again in a tight loop.
      log::get(log::Id::kPipeline)
          .error("[ev{}] recording the outcome failed: {}", batch.front().id,
                 outcome.error().message());
      if (deps_.alerts != nullptr) {
        deps_.alerts->onStoreFailure(outcome.error());
      }
      std::this_thread::sleep_for(kAfterStoreFailure);  // back-pressure on a failing store
    }
    lock.lock();
    for (const QueuedEvent& e : batch) {
      leased_.erase(e.id);
    }
    if (!outcome.ok() || *outcome) {
      wakeLocked();  // a retry may fall due before the dispatcher's next look
    }
  }
  --running_;
  idleCv_.notify_all();
}

std::vector<QueuedEvent> Pipeline::takeBatch() {
  // The oldest ready event and, when there is more ready work than idle workers to take it,
  // ready events of the same registration behind it: one GetItem reads them all. Batches trade
  // the latency of the items pushed last for fewer Exchange calls, so only a backlog gets them.
  std::vector<QueuedEvent> batch;
  batch.push_back(std::move(ready_.front()));
  ready_.pop_front();
  const size_t spare = ready_.size() > static_cast<size_t>(idle_) ? ready_.size() - idle_ : 0;
  const size_t limit = std::min(kMaxBatch, 1 + spare);
  const std::string registration = batch.front().registrationId;  // a copy: batch grows
  for (auto it = ready_.begin(); it != ready_.end() && batch.size() < limit;) {
    if (it->registrationId == registration) {
      batch.push_back(std::move(*it));
      it = ready_.erase(it);
    } else {
      ++it;
    }
  }
  return batch;
}

bool Pipeline::stop(std::chrono::milliseconds grace) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (threads_.empty() && !dispatcher_.joinable()) {
    return true;
  }
  stopping_ = true;
  stopRequested_ = true;
  ready_.clear();
  dispatchCv_.notify_all();
  workCv_.notify_all();
  bool done = idleCv_.wait_for(lock, grace, [this] { return running_ == 0; });
  lock.unlock();
  if (dispatcher_.joinable()) {
    dispatcher_.join();
  }
  if (!done) {
    // Workers blocked in a network call: their events stay queued; the process exits anyway.
    for (auto& t : threads_) {
      t.detach();
    }
    threads_.clear();
    return false;
  }
  for (auto& t : threads_) {
    t.join();
  }
  threads_.clear();
  return true;
}

}  // namespace enp
