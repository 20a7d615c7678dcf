#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "enp/pipeline/processor.h"

namespace enp {

/// The queue's consumers: a dispatcher thread that leases due events from the store and
/// `workers` threads that process them (each with its own connections). The store stays the
/// truth: an event is only leased in memory, so after a crash or a stop everything not
/// finished is simply queued again.
class Pipeline {
 public:
  /// Makes one worker's sink (it holds that worker's connection).
  using SinkFactory = std::function<SinkPtr()>;
  Pipeline(Processor::Deps deps, SinkFactory sinks, int workers);
  ~Pipeline();

  void start();

  /// Wakes the dispatcher (new events were committed). Cheap when a wake-up is already
  /// pending: called after every acknowledged callback.
  void wake();

  /// Stops leasing, lets workers finish the event in hand, and waits up to `grace`. Returns
  /// false when some worker was still busy then (its event stays queued for the next start).
  bool stop(std::chrono::milliseconds grace);

  /// Events leased or being processed now.
  size_t inFlight();

 private:
  void dispatchLoop();
  void workerLoop(int index);
  std::vector<QueuedEvent> takeBatch();  // requires mutex_ held and ready_ not empty
  void wakeLocked();                     // wakes the dispatcher; requires mutex_ held

  Processor::Deps deps_;
  SinkFactory sinks_;
  const int workers_;
  const size_t lowWater_;  // the dispatcher leases more when fewer events than this are ready

  std::mutex mutex_;
  std::condition_variable dispatchCv_;      // wakes the dispatcher
  std::condition_variable workCv_;          // wakes workers
  std::condition_variable idleCv_;          // signals stop() when workers exit
  std::deque<QueuedEvent> ready_;           // GUARDED_BY(mutex_): leased, not yet taken
  std::set<int64_t> leased_;                // GUARDED_BY(mutex_): ready_ + being processed
  bool stopping_ = false;                   // GUARDED_BY(mutex_)
  std::atomic<bool> stopRequested_{false};  // stopping_, for workers in the middle of a batch
  std::atomic<bool> woken_{false};          // set under mutex_ before notifying dispatchCv_
  std::atomic<bool> listening_{true};       // the dispatcher waits for new events (wake() matters)
  int running_ = 0;                         // GUARDED_BY(mutex_): live worker threads
  int idle_ = 0;                            // GUARDED_BY(mutex_): workers waiting for work

  std::thread dispatcher_;
  std::vector<std::thread> threads_;
};

}  // namespace enp
