#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "enp/pipeline/named_pool.h"
#include "enp/pipeline/processor.h"
#include "ews/curl_multi.h"

namespace enp {

struct PipelineOptions {
  /// Batches being read or pushed at once. Waiting for Exchange or CNS costs a socket and a
  /// coroutine frame, not a thread.
  int maxInFlight = 1024;
  /// Batches of one registration in flight at once (EWS throttling charges the mailbox).
  int maxInFlightPerRegistration = 4;
  /// Event loops ("lanes") for the batches: each runs its batches' CPU steps (parse, decide,
  /// sign) and their requests on one thread, so a request costs no hand-over between threads;
  /// 0 = one per core. They run at nice +5.
  int cpuThreads = 0;
  /// Threads for the outcome commits; the store's group commit gathers what they bring.
  int commitThreads = 4;
  /// Threads for readers and sinks without an event-driven path (their blocking calls).
  int blockingThreads = 16;
};

/// The queue's consumers: a dispatcher thread leases due events from the store and starts a
/// batch (one registration's events) whenever a slot is free; each batch runs as a coroutine on
/// one of the lanes (an outgoing HTTP loop, ews::CurlMulti, on its own thread), which sends its
/// requests and runs its CPU steps alike. The store stays the
/// truth: an event is only leased in memory, so after a crash or a stop everything not finished
/// is simply queued again.
class Pipeline {
 public:
  /// Makes one Processor's sink (a pool of them serves the batches in flight).
  using SinkFactory = std::function<SinkPtr()>;
  Pipeline(Processor::Deps deps, SinkFactory sinks, PipelineOptions options);
  ~Pipeline();

  void start();

  /// Wakes the dispatcher (new events were committed). Cheap when a wake-up is already
  /// pending: called after every acknowledged callback.
  void wake();

  /// Stops leasing, lets the batches in flight finish, and waits up to `grace`. Returns false
  /// when some batch was still running then (its events stay queued for the next start).
  bool stop(std::chrono::milliseconds grace);

  /// Events leased or being processed now.
  size_t inFlight();
  /// Batches running now.
  size_t batchesInFlight();

 private:
  void dispatchLoop();
  /// Starts batches while slots are free; requires mutex_ held.
  void launchLocked();
  /// The oldest ready event whose registration has a free slot, and (with a backlog) more of
  /// that registration's; empty when none can start. Requires mutex_ held.
  std::vector<QueuedEvent> takeBatch();
  boost::asio::awaitable<void> runBatch(std::vector<QueuedEvent> batch, AsyncIo& io);
  /// Stops every lane and pool at once: nothing resumes afterwards.
  void halt();
  void wakeLocked();  // wakes the dispatcher; requires mutex_ held

  Processor::Deps deps_;
  SinkFactory sinks_;
  const PipelineOptions options_;
  const size_t lowWater_;  // the dispatcher leases more when fewer events than this are ready

  NamedPool commit_;    // "enp-commit": outcome commits
  NamedPool blocking_;  // "enp-blocking": readers and sinks that block
  // "enp-cpu-N": the batches' coroutines and their requests. Halted before anything else goes,
  // so no batch resumes while the pipeline is taken apart.
  struct Lane {
    std::unique_ptr<ews::CurlMulti> http;
    AsyncIo io;
  };
  std::vector<Lane> lanes_;
  size_t nextLane_ = 0;  // GUARDED_BY(mutex_): round robin

  std::mutex mutex_;
  std::condition_variable dispatchCv_;               // wakes the dispatcher
  std::condition_variable idleCv_;                   // signals stop() when the last batch ends
  std::deque<QueuedEvent> ready_;                    // GUARDED_BY(mutex_): leased, not yet started
  std::set<int64_t> leased_;                         // GUARDED_BY(mutex_): ready_ + being processed
  std::map<std::string, int> activeByRegistration_;  // GUARDED_BY(mutex_)
  std::vector<std::unique_ptr<Processor>> idle_;     // GUARDED_BY(mutex_): free processors
  int active_ = 0;                                   // GUARDED_BY(mutex_): batches running
  bool stopping_ = false;                            // GUARDED_BY(mutex_)
  bool started_ = false;                             // GUARDED_BY(mutex_)
  std::atomic<bool> stopRequested_{false};  // stopping_, for batches in the middle of a push
  std::atomic<bool> woken_{false};          // set under mutex_ before notifying dispatchCv_
  std::atomic<bool> listening_{true};       // the dispatcher waits for new events

  // The highest event id read from the store, and when the dispatcher next reads the whole due
  // queue (pipeline.cc explains).
  int64_t lastIdRead_ = 0;      // GUARDED_BY(mutex_)
  int64_t nextFullScanMs_ = 0;  // GUARDED_BY(mutex_)
  bool rescan_ = false;         // GUARDED_BY(mutex_): read the whole queue at the next look

  std::thread dispatcher_;
};

}  // namespace enp
