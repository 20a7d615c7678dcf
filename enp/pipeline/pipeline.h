#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "enp/pipeline/in_flight_limit.h"
#include "enp/pipeline/named_pool.h"
#include "enp/pipeline/processor.h"
#include "enp/pipeline/ready_queue.h"
#include "enp/pipeline/upstream_shares.h"
#include "ews/curl_multi.h"

namespace enp {

struct PipelineOptions {
  /// Batches being read or pushed at once, at most. Waiting for Exchange or CNS costs a socket
  /// and a coroutine frame, not a thread. Fewer run while more would only wait
  /// (InFlightLimit): they would add memory and latency, not throughput.
  int maxInFlight = 1024;
  /// Batches always allowed at once (capped at maxInFlight); the limit starts there.
  int minInFlight = 64;
  /// Batches of one registration in flight at once (EWS throttling charges the mailbox).
  int maxInFlightPerRegistration = 4;
  /// Event loops ("lanes") for the batches: each runs its batches' CPU steps (parse, decide,
  /// sign) and their requests on one thread, so a request costs no hand-over between threads;
  /// 0 = one per core.
  int cpuThreads = 0;
  /// The lanes' nice value (Linux: per thread), below the listeners' 0.
  int cpuNice = 19;
  /// Threads for readers and sinks without an event-driven path (their blocking calls).
  int blockingThreads = 16;
  /// 0: the queue is this process's alone (SQLite): events are held in memory only, and all
  /// that is unfinished is simply queued again after a stop or a crash. Else several nodes
  /// share it (PostgreSQL, EventStore::shareQueue called): the dispatcher leases events in the
  /// store for this long, renews its leases every third of it, and gives back what it will not
  /// finish (docs/postgresql.md).
  std::chrono::milliseconds sharedLease{0};
};

/// The queue's consumers: a dispatcher thread leases due events from the store and starts a
/// batch (one registration's events) whenever a slot is free; each batch runs as a coroutine on
/// one of the lanes (an outgoing HTTP loop, ews::CurlMulti, on its own thread), which sends its
/// requests and runs its CPU steps alike. The store stays the
/// truth: an event is only leased in memory, so after a crash or a stop everything not finished
/// is simply queued again. With a shared queue (PipelineOptions::sharedLease) the dispatcher
/// leases events in the store instead, so that other nodes pass them over while this one holds
/// them and take them once it stops renewing.
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
  /// New events of these registrations were committed (EventStore::OnQueued): wakes the
  /// dispatcher, and while it has work in hand already (it reads the queue only once that
  /// runs low), has it read at once the events of those whose upstream has nothing in flight or
  /// is not known yet: one slow to answer, holding every slot, does not hold back the others.
  void queued(const std::vector<std::string>& registrations);

  /// Stops leasing, lets the batches in flight finish, and waits up to `grace`. Returns false
  /// when some batch was still running then (its events stay queued for the next start).
  bool stop(std::chrono::milliseconds grace);

  /// Events leased or being processed now.
  size_t inFlight();
  /// Requests to Exchange, Graph and CNS in flight now, and the connections opened for them so
  /// far (a request on a kept connection opens none): the lanes' transports.
  size_t requestsInFlight() const;
  size_t connectionsOpened() const;
  /// Batches running now.
  size_t batchesInFlight();
  /// Batches that may run at once now (InFlightLimit): at most `maxInFlight`.
  size_t batchLimit();
  /// False while the dispatcher reads the queue at every commit; true while it holds enough
  /// events that it reads only once they run low, or at queued() for an upstream with room.
  bool readsOnlyWhenLow() const { return !listening_.load(); }

 private:
  void dispatchLoop();
  /// Starts batches while slots are free; requires mutex_ held.
  void launchLocked();
  struct Taken {
    std::vector<QueuedEvent> events;
    size_t group = UpstreamShares::kUnknown;
  };
  /// The oldest ready event, of the upstreams with fewest batches running, whose registration
  /// has a free slot (only of an upstream with fewer than `activeBelow` running), and (with a
  /// backlog) more of that registration's; empty when none can start. Requires mutex_ held.
  Taken takeBatch(size_t activeBelow);
  /// True when `group` has none ready and fewer batches running than its share of the slots:
  /// its registrations' new events are read at once. Requires mutex_ held.
  bool hasRoom(size_t group) const;
  /// Moves the deferred registrations whose upstream has room to starved_ (none while fewer
  /// than the low water are in hand: the next read of the queue finds their events); true when
  /// any moved. Requires mutex_ held.
  bool promoteDeferred();
  boost::asio::awaitable<void> runBatch(std::vector<QueuedEvent> batch, size_t laneIndex,
                                        size_t group,
                                        std::chrono::steady_clock::time_point handedOver);
  /// Puts what was read in hand (ready_), each with its upstream's group, looking up the
  /// upstream of registrations not seen before (releasing `lock` meanwhile).
  void admit(std::unique_lock<std::mutex>& lock, std::vector<QueuedEvent> due);
  /// Reads the due events of the registrations queued() asked for. Releases `lock` meanwhile.
  void readStarved(std::unique_lock<std::mutex>& lock, int64_t now);
  /// Stops every lane and pool at once: nothing resumes afterwards.
  void halt();
  void wakeLocked();  // wakes the dispatcher; requires mutex_ held
  /// Shared queue: reads due events (leasing them) into `due`; else as the queue's only
  /// reader. Called without mutex_ held; `exclude`, `afterId` as dispatchLoop() took them.
  Result<std::vector<QueuedEvent>> readDue(int64_t now, size_t room, bool full,
                                           const std::vector<int64_t>& exclude, int64_t afterId);
  /// Shared queue: extends the leases of what this node holds when a third of the lease has
  /// passed since the last time. Requires `lock` held; releases it around the store's write.
  void renewLeasesIfDue(std::unique_lock<std::mutex>& lock, int64_t now);
  /// How long the dispatcher may sleep at most (the next retry, the next renewal).
  std::chrono::milliseconds idleWait(int64_t now, std::optional<int64_t> next) const;
  bool shared() const { return options_.sharedLease.count() > 0; }

  Processor::Deps deps_;
  SinkFactory sinks_;
  const PipelineOptions options_;
  const size_t lowWater_;  // the dispatcher leases more when fewer events than this are ready

  NamedPool blocking_;  // "enp-blocking": readers and sinks that block
  // "enp-cpu-N": the batches' coroutines and their requests. Halted before anything else goes,
  // so no batch resumes while the pipeline is taken apart.
  struct Lane {
    std::unique_ptr<ews::CurlMulti> http;
    AsyncIo io;
    int active = 0;  // GUARDED_BY(mutex_): its batches running
  };
  std::vector<Lane> lanes_;

  std::mutex mutex_;
  std::condition_variable dispatchCv_;  // wakes the dispatcher
  std::condition_variable idleCv_;      // signals stop() when the last batch ends
  using Ready = ReadyQueue::Entry;
  ReadyQueue ready_;          // GUARDED_BY(mutex_): leased, not yet started
  std::set<int64_t> leased_;  // GUARDED_BY(mutex_): ready_ + being processed
  std::unordered_map<std::string, int> activeByRegistration_;  // GUARDED_BY(mutex_)
  std::vector<std::unique_ptr<Processor>> idle_;  // GUARDED_BY(mutex_): free processors
  int active_ = 0;                                // GUARDED_BY(mutex_): batches sending
  // GUARDED_BY(mutex_): batches done sending whose outcomes wait for their commit (their slot
  // free), and of those, the ones whose commit failed (no batch starts while any does).
  int recording_ = 0;
  int failedRecords_ = 0;
  InFlightLimit limit_;            // GUARDED_BY(mutex_): how many may run
  PolicyCache policies_;           // the Processors' parsed policies (deps_.policies unless given)
  UpstreamShares shares_;          // GUARDED_BY(mutex_)
  std::set<std::string> starved_;  // GUARDED_BY(mutex_): registrations queued() asks to read
  // GUARDED_BY(mutex_): registrations with events queued while their upstream had its share
  // running, to read once it has room again, by group; deferredCount_ of them in all.
  std::map<size_t, std::set<std::string>> deferred_;
  size_t deferredCount_ = 0;
  // Looks up upstreams of registrations (Processor::upstreamOf): the dispatcher thread's only.
  std::unique_ptr<Processor> lookup_;
  // The settings those upstreams were looked up with: the dispatcher thread's only.
  std::shared_ptr<const Settings> lookedUpWith_;
  bool stopping_ = false;                   // GUARDED_BY(mutex_)
  bool started_ = false;                    // GUARDED_BY(mutex_)
  std::atomic<bool> stopRequested_{false};  // stopping_, for batches in the middle of a push
  std::atomic<bool> woken_{false};          // set under mutex_ before notifying dispatchCv_
  std::atomic<bool> listening_{true};       // the dispatcher waits for new events

  // The highest event id read from the store, and when the dispatcher next reads the whole due
  // queue (pipeline.cc explains).
  int64_t lastIdRead_ = 0;      // GUARDED_BY(mutex_)
  int64_t nextFullScanMs_ = 0;  // GUARDED_BY(mutex_)
  bool rescan_ = false;         // GUARDED_BY(mutex_): read the whole queue at the next look
  int64_t nextRenewalMs_ = 0;   // GUARDED_BY(mutex_): shared queue: when leases are renewed

  std::thread dispatcher_;
};

}  // namespace enp
