#include "enp/pipeline/pipeline.h"

#include <pthread.h>

#include <algorithm>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <iterator>
#include <limits>

#include "enp/common/log.h"

namespace enp {
namespace {

namespace asio = boost::asio;

// The dispatcher looks at the store at least this often even without a wake-up, so retries
// scheduled for later are picked up when they fall due.
constexpr std::chrono::milliseconds kMaxIdle{1000};
// How often at most the dispatcher reads the whole due queue (passing over what it holds) to
// find retries that fell due and events given back unsettled; in between it reads only what
// was queued since its last look.
constexpr std::chrono::milliseconds kFullScanEvery{100};
// How long the dispatcher waits before reading the queue again after the store failed.
constexpr std::chrono::milliseconds kAfterStoreFailure{1000};
// Items of one mailbox read by one GetItem (and then pushed at once).
constexpr size_t kMaxBatch = 8;
// Registrations queued() asks the dispatcher to read at once, and those it defers, at most: a
// storm over the mailboxes of one server while another holds the slots names thousands (with
// 256, most of them waited for the slow server's backlog in hand to run low). The rest wait for
// their next callback or that backlog.
constexpr size_t kMaxStarved = 4096;

int cpuThreadsFor(const PipelineOptions& o) {
  if (o.cpuThreads > 0) {
    return o.cpuThreads;
  }
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace

Pipeline::Pipeline(Processor::Deps deps, SinkFactory sinks, PipelineOptions options)
    : deps_(deps),
      sinks_(std::move(sinks)),
      options_(options),
      lowWater_(std::max<size_t>(1, static_cast<size_t>(options.maxInFlight) / 2)),
      blocking_("enp-blocking", std::max(1, options.blockingThreads), 0),
      limit_(InFlightLimit::Options{
          .max = options.maxInFlight, .min = options.minInFlight, .initial = options.minInFlight}),
      policies_(deps.zones) {
  if (deps_.policies == nullptr) {
    deps_.policies = &policies_;
  }
  const int lanes = cpuThreadsFor(options);
  // A batch goes to the lane running fewest, so a lane runs at most this many at once.
  const long perLane = (options.maxInFlight + lanes - 1) / lanes;
  for (int i = 0; i < lanes; ++i) {
    ews::CurlMultiOptions o;
    o.threadName = "enp-cpu-" + std::to_string(i);
    o.nice = options.cpuNice;
    // Requests to one server at once, so connections: no more than the lane's batches (a batch
    // pushes its mails at once; pushes beyond wait for their turn, their timeout not running,
    // instead of opening more), all kept open for the next requests, to Exchange and to CNS. A
    // smaller cache closed a connection per request beyond it and the next request connected
    // again (a third of the instant case's CPU; bench/RESULTS.md). A connection is opened only
    // when none is idle.
    o.maxRequestsPerServer = perLane;
    o.maxCachedConnections = 2 * perLane;
    auto http = std::make_unique<ews::CurlMulti>(o);
    AsyncIo io{http.get(), blocking_.executor()};
    lanes_.push_back(Lane{std::move(http), io});
  }
}

Pipeline::~Pipeline() {
  stop(std::chrono::milliseconds(0));
  // Nothing may resume once the members start to go: batches still waiting for an answer are
  // dropped with the lanes (their events stay queued in the store).
  halt();
}

void Pipeline::halt() {
  for (Lane& lane : lanes_) {
    lane.http->halt();
  }
  blocking_.stop();
  blocking_.join();
  // Outcome commits of dropped batches still running: their answers go to the halted lanes,
  // which must outlive them.
  deps_.events.awaitAsyncWrites();
}

void Pipeline::start() {
  if (shared()) {
    // What this node leased in a previous life (a crash, a kill -9) is given back at once
    // instead of after its lease: nothing of it is in hand now.
    const Result<int> released = deps_.events.releaseLeases({});
    if (!released.ok()) {
      log::get(log::Id::kPipeline).warn("{}", released.error().message());
    } else if (*released > 0) {
      log::get(log::Id::kPipeline)
          .info("{} event(s) leased by this node before its start given back", *released);
    }
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    started_ = true;
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

void Pipeline::queued(const std::vector<std::string>& registrations) {
  if (registrations.empty() || listening_.load()) {
    wake();  // the dispatcher reads what was queued anyway
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (ready_.size() < lowWater_) {
    return;  // a batch ending woke the dispatcher to read the whole queue, these included
  }
  bool asked = false;
  for (const std::string& registration : registrations) {
    // Behind the events in hand, these would wait until those ran low: read at once if their
    // upstream has room (or is not known yet), else once it has, so that it is not held back
    // by the others' (launchLocked).
    const std::optional<size_t> group = shares_.groupOf(registration);
    if ((!group || hasRoom(*group)) && starved_.size() < kMaxStarved) {
      asked = starved_.insert(registration).second || asked;
    } else if (group && deferredCount_ < kMaxStarved) {
      deferredCount_ += deferred_[*group].insert(registration).second ? 1 : 0;
    }
  }
  if (asked) {
    wakeLocked();
  }
}

bool Pipeline::hasRoom(size_t group) const {
  return shares_.ready(group) == 0 &&
         shares_.active(group) < shares_.share(group, static_cast<size_t>(limit_.current()));
}

bool Pipeline::promoteDeferred() {
  if (ready_.size() < lowWater_) {
    return false;  // the dispatcher reads the whole queue next, theirs included
  }
  bool moved = false;
  for (auto it = deferred_.begin(); it != deferred_.end();) {
    if (!hasRoom(it->first)) {
      ++it;
      continue;
    }
    for (const std::string& registration : it->second) {
      if (starved_.size() >= kMaxStarved) {
        break;  // the rest wait for their next callback or the next read of the queue
      }
      moved = starved_.insert(registration).second || moved;
    }
    deferredCount_ -= it->second.size();
    it = deferred_.erase(it);
  }
  return moved;
}

void Pipeline::wakeLocked() {
  woken_ = true;
  dispatchCv_.notify_one();
}

size_t Pipeline::inFlight() {
  std::lock_guard<std::mutex> lock(mutex_);
  return leased_.size();
}

size_t Pipeline::requestsInFlight() const {
  size_t n = 0;
  for (const Lane& lane : lanes_) {
    n += lane.http->inFlight();
  }
  return n;
}

size_t Pipeline::connectionsOpened() const {
  size_t n = 0;
  for (const Lane& lane : lanes_) {
    n += lane.http->connectionsOpened();
  }
  return n;
}

size_t Pipeline::batchesInFlight() {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<size_t>(active_);
}

size_t Pipeline::batchLimit() {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<size_t>(limit_.current());
}

void Pipeline::dispatchLoop() {
  pthread_setname_np(pthread_self(), "enp-dispatch");  // for top -H, perf and the like
  // Read the store only when fewer than half a slot set's events wait: under load one query
  // then reads many events instead of one per finished one. What it reads is the oldest, of
  // every mailbox with a backlog at once; a batch takes only its mailbox's events in hand, so
  // on one node up to a full batch per slot wait in memory (events in order of arrival over
  // 1,000 mailboxes: 2 per slot gave 2.5 items per GetItem in the instant benchmark, 8 gave
  // 4–5, and the Exchange calls and CPU per mail that many fewer). Nodes sharing a queue lease
  // what they hold: 2 per slot, so that one node does not hold what the others could send.
  const size_t perSlot = shared() ? 2 : kMaxBatch;
  const size_t capacity = static_cast<size_t>(options_.maxInFlight) * perSlot + kMaxBatch;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    if (shared()) {
      renewLeasesIfDue(lock, deps_.clock.nowMs());
    }
    promoteDeferred();
    if (!starved_.empty()) {
      readStarved(lock, deps_.clock.nowMs());
    }
    launchLocked();
    if (ready_.size() >= lowWater_) {  // (lowWater_ < capacity)
      // Enough work in hand: ending batches start the next themselves, and wake this thread
      // once fewer than lowWater_ are left; commits need not wake it.
      listening_ = false;
      dispatchCv_.wait_for(lock, idleWait(deps_.clock.nowMs(), std::nullopt),
                           [this] { return stopping_ || woken_; });
      continue;
    }
    listening_ = true;  // before reading the store: a commit after the read wakes this thread
    deferred_.clear();  // this read finds their events
    deferredCount_ = 0;
    const size_t room = capacity - ready_.size();
    const int64_t now = deps_.clock.nowMs();
    // New events have ids above every one read before: most looks read only those, instead of
    // passing over the thousands already held each time.
    const bool full = rescan_ || now >= nextFullScanMs_;
    std::vector<int64_t> exclude;
    if (full) {
      rescan_ = false;
      nextFullScanMs_ = now + kFullScanEvery.count();
    }
    // Every read passes over what is in hand as it starts: an event in hand may end while the
    // store is read (the lock released), and must not be found still queued and taken in hand
    // again (a second push). Only the dispatcher takes events in hand, so nothing the read
    // returns can end before admit(). A shared queue's events in hand are excluded at every
    // look: one that a batch settled for a retry due at once (or that "Retry now" made due) is
    // leased again only once that batch let it go, else it would stay leased to this node, in
    // nobody's hand. Reading what was queued since the last look, only the ids above it need
    // passing over: those read ahead for a starved upstream (readStarved).
    if (full || shared()) {
      exclude.assign(leased_.begin(), leased_.end());  // sorted
    } else {
      exclude.assign(leased_.upper_bound(lastIdRead_), leased_.end());
    }
    const int64_t afterId = lastIdRead_;
    lock.unlock();
    std::shared_ptr<const Settings> settings = deps_.settings.get(now);
    std::vector<QueuedEvent> due;
    std::optional<int64_t> next;
    Result<std::vector<QueuedEvent>> read = readDue(now, room, full, exclude, afterId);
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
    if (settings != lookedUpWith_) {
      // A domain may have moved to another server: upstreams are looked up again.
      shares_.forgetRegistrations();
      lookedUpWith_ = std::move(settings);
    }
    for (const QueuedEvent& e : due) {
      lastIdRead_ = std::max(lastIdRead_, e.id);
    }
    if (next) {
      nextFullScanMs_ = std::min(nextFullScanMs_, *next);  // a retry: only a full look finds it
    }
    const bool perhapsMore = due.size() == room;
    admit(lock, std::move(due));
    launchLocked();
    if (stopping_ || woken_ || perhapsMore) {
      continue;  // woken meanwhile, or perhaps more is due than there was room for
    }
    // Sleep until woken (a commit, or a batch freeing a slot), or until the next retry is due.
    dispatchCv_.wait_for(lock, idleWait(now, next), [this] { return stopping_ || woken_; });
  }
}

Result<std::vector<QueuedEvent>> Pipeline::readDue(int64_t now, size_t room, bool full,
                                                   const std::vector<int64_t>& exclude,
                                                   int64_t afterId) {
  if (shared()) {
    // Leased in the store: what this node holds is leased already, so not read again.
    return deps_.events.lease(now, now + options_.sharedLease.count(), static_cast<int>(room),
                              exclude);
  }
  return full ? deps_.events.due(now, static_cast<int>(room), exclude)
              : deps_.events.dueAfterId(now, afterId, static_cast<int>(room), exclude);
}

void Pipeline::admit(std::unique_lock<std::mutex>& lock, std::vector<QueuedEvent> due) {
  std::set<std::string> unknown;
  for (const QueuedEvent& e : due) {
    if (!shares_.groupOf(e.registrationId)) {
      unknown.insert(e.registrationId);
    }
  }
  if (!unknown.empty()) {
    // A read of the registration each, once: from then on its upstream is known.
    lock.unlock();
    if (!lookup_) {
      lookup_ = std::make_unique<Processor>(deps_, sinks_(), stopRequested_);
    }
    std::vector<std::pair<std::string, std::string>> learned;
    for (const std::string& registration : unknown) {
      learned.emplace_back(registration, lookup_->upstreamOf(registration));
    }
    lock.lock();
    for (const auto& [registration, upstream] : learned) {
      shares_.learn(registration, upstream);
    }
  }
  for (QueuedEvent& e : due) {
    // (An event in hand is excluded from the read: this only guards against holding one twice.)
    if (leased_.insert(e.id).second) {
      const size_t group = shares_.groupOf(e.registrationId).value_or(UpstreamShares::kUnknown);
      shares_.readyAdded(group);
      ready_.push(std::move(e), group);
    }
  }
}

void Pipeline::readStarved(std::unique_lock<std::mutex>& lock, int64_t now) {
  std::set<std::string> asked;
  asked.swap(starved_);
  // Passed over, as by every read (dispatchLoop).
  const std::vector<int64_t> inHand(leased_.begin(), leased_.end());
  lock.unlock();
  // As many as its own slots can take in full batches.
  const int limit = options_.maxInFlightPerRegistration * static_cast<int>(kMaxBatch);
  std::vector<QueuedEvent> due;
  for (const std::string& registration : asked) {
    Result<std::vector<QueuedEvent>> read =
        shared() ? deps_.events.leaseOf(registration, now, now + options_.sharedLease.count(),
                                        limit, inHand)
                 : deps_.events.dueOf(registration, now, limit, inHand);
    if (!read.ok()) {
      log::get(log::Id::kPipeline).warn("{}", read.error().message());
      continue;  // found by the next look at the whole queue
    }
    std::move(read->begin(), read->end(), std::back_inserter(due));
  }
  lock.lock();
  admit(lock, std::move(due));
}

std::chrono::milliseconds Pipeline::idleWait(int64_t now, std::optional<int64_t> next) const {
  int64_t wait = kMaxIdle.count();
  if (next) {
    wait = std::min(wait, std::max<int64_t>(*next - now, 1));
  }
  if (shared()) {
    wait = std::min(wait, std::max<int64_t>(nextRenewalMs_ - now, 1));
  }
  return std::chrono::milliseconds(wait);
}

void Pipeline::renewLeasesIfDue(std::unique_lock<std::mutex>& lock, int64_t now) {
  if (now < nextRenewalMs_) {
    return;
  }
  const int64_t lease = options_.sharedLease.count();
  nextRenewalMs_ = now + std::max<int64_t>(lease / 3, 1);
  if (leased_.empty()) {
    return;
  }
  // One statement for every event in hand (ready, or in a batch): not one per event.
  const std::vector<int64_t> held(leased_.begin(), leased_.end());
  lock.unlock();
  const Result<int> renewed = deps_.events.renewLeases(held, now + lease);
  lock.lock();
  if (!renewed.ok()) {
    log::get(log::Id::kPipeline)
        .warn("{} (other nodes may take those events when their leases run out)",
              renewed.error().message());
  }
}

void Pipeline::launchLocked() {
  while (!stopping_ && !ready_.empty() && failedRecords_ == 0) {
    const int limit = limit_.current();
    if (recording_ > limit) {
      return;  // commits lag: more batches wait for theirs than may send; no more pushes now
    }
    const bool full = active_ >= limit;
    if (full && active_ < options_.maxInFlight) {
      limit_.onHeldBack();
    }
    // With every slot taken, an upstream running fewer batches than its share of the slots (the
    // limit divided among the upstreams with work) still starts one: the slots may all be held
    // by an upstream slow to answer, and its mail must not wait behind the other's. Up to twice
    // the limit run then, and fewer as the slow upstream's batches end: they are not replaced
    // while it holds more than its share.
    const size_t activeBelow =
        full ? shares_.shareOfBusy(static_cast<size_t>(limit)) : std::numeric_limits<size_t>::max();
    Taken taken = takeBatch(activeBelow);
    if (taken.events.empty()) {
      return;  // every ready registration is at its limit, or the slots are taken
    }
    std::vector<QueuedEvent>& batch = taken.events;
    ++active_;
    shares_.started(taken.group);
    ++activeByRegistration_[batch.front().registrationId];
    // The lane running fewest: lanes stay even, so none needs more connections than its share.
    const auto lane =
        std::min_element(lanes_.begin(), lanes_.end(),
                         [](const Lane& a, const Lane& b) { return a.active < b.active; });
    ++lane->active;
    asio::co_spawn(lane->http->executor(),
                   runBatch(std::move(batch), static_cast<size_t>(lane - lanes_.begin()),
                            taken.group, std::chrono::steady_clock::now()),
                   asio::detached);
  }
}

Pipeline::Taken Pipeline::takeBatch(size_t activeBelow) {
  // The oldest ready event whose registration may start another batch, of the upstreams with
  // fewest batches running (the slots go to them in turn: an upstream slow to answer keeps its
  // batches longer, not more of them) and, when more events are ready than slots are free,
  // ready events of the same registration behind it: one GetItem reads them all. Batches trade
  // the latency of the items pushed last for fewer Exchange calls, so only a backlog gets them.
  Taken taken;
  const std::optional<size_t> fewest = shares_.fewestActiveWithReady();
  if (!fewest || *fewest >= activeBelow) {
    return taken;
  }
  auto mayStart = [this](const Ready& r) {
    auto it = activeByRegistration_.find(r.event.registrationId);
    return it == activeByRegistration_.end() || it->second < options_.maxInFlightPerRegistration;
  };
  const Ready* first = ready_.findOldest(
      [&](const Ready& r) { return shares_.active(r.group) == *fewest && mayStart(r); });
  if (first == nullptr) {
    first = ready_.findOldest(
        [&](const Ready& r) { return shares_.active(r.group) < activeBelow && mayStart(r); });
  }
  if (first == nullptr) {
    return taken;
  }
  taken.group = first->group;
  const std::string& registration = first->event.registrationId;
  // Slots free besides the one this batch takes: the ready events beyond them would wait.
  const size_t others = ready_.size() - 1;
  const size_t otherSlots = static_cast<size_t>(std::max(0, limit_.current() - active_ - 1));
  const size_t spare = others > otherSlots ? others - otherSlots : 0;
  // So would this registration's ready events beyond its own free slots (a backlog on one
  // mailbox cannot use the other mailboxes' slots).
  const auto active = activeByRegistration_.find(registration);
  const int running = 1 + (active == activeByRegistration_.end() ? 0 : active->second);
  const size_t ownSlots =
      static_cast<size_t>(std::max(0, options_.maxInFlightPerRegistration - running));
  const size_t ownReady = ready_.countAfter(*first);
  const size_t ownSpare = ownReady > ownSlots ? ownReady - ownSlots : 0;
  const size_t limit = std::min(kMaxBatch, 1 + std::max(spare, ownSpare));
  for (Ready& r : ready_.take(*first, limit)) {
    shares_.readyTaken(r.group);
    taken.events.push_back(std::move(r.event));
  }
  return taken;
}

asio::awaitable<void> Pipeline::runBatch(std::vector<QueuedEvent> batch, size_t laneIndex,
                                         size_t group,
                                         std::chrono::steady_clock::time_point handedOver) {
  AsyncIo& io = lanes_[laneIndex].io;
  std::unique_ptr<Processor> processor;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      processor = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!processor) {
    processor = std::make_unique<Processor>(deps_, sinks_(), stopRequested_);
  }
  Result<bool> outcome = Status::internal("not processed");
  bool sent = false;
  try {
    co_await processor->sendAsync(batch, io);
    sent = true;
  } catch (const std::exception& e) {
    // The slot is freed all the same: the events stay queued, and are tried again after the
    // pause below.
    outcome = Status::internal(std::string("processing failed: ") + e.what());
  }
  {
    // Its requests are done: the slot is free while the outcomes wait for their commit (a
    // group commit, shared with the callbacks' acknowledgements). Its events stay in hand
    // until then, so nothing reads them as queued again.
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = activeByRegistration_.find(batch.front().registrationId);
    if (it != activeByRegistration_.end() && --it->second == 0) {
      activeByRegistration_.erase(it);
    }
    --active_;
    ++recording_;
    shares_.ended(group);
    --lanes_[laneIndex].active;
    // The next batch starts from here, not after a hand-over to the dispatcher.
    launchLocked();
  }
  if (sent) {
    try {
      outcome = co_await processor->recordAsync();
    } catch (const std::exception& e) {
      outcome = Status::internal(std::string("recording failed: ") + e.what());
    }
  }
  if (!outcome.ok()) {
    // The outcomes could not be recorded (the store failed): the events stay queued as they
    // were; they stay in hand a while so they are not tried again in a tight loop, and after a
    // failed commit no batch starts meanwhile: its pushes could not be recorded either, and
    // would be sent again once the store is back.
    log::get(log::Id::kPipeline)
        .error("[ev{}] recording the outcome failed: {}", batch.front().id,
               outcome.error().message());
    if (deps_.alerts != nullptr) {
      deps_.alerts->onStoreFailure(outcome.error());
    }
    if (sent) {
      std::lock_guard<std::mutex> lock(mutex_);
      ++failedRecords_;
      deps_.metrics.counter("enp_pipeline_records_failed_total").inc();
    }
    asio::steady_timer backOff(co_await asio::this_coro::executor, kAfterStoreFailure);
    co_await backOff.async_wait(asio::use_awaitable);
  }
  if (shared() && (!outcome.ok() || stopRequested_.load())) {
    // Given back unsettled (abandoned, or not pushed because ENP stops): released at once so
    // that any node takes them without waiting for the lease to run out. Settled events are
    // no longer this node's lease: the release passes them over.
    std::vector<int64_t> ids;
    for (const QueuedEvent& e : batch) {
      ids.push_back(e.id);
    }
    auto release = [this, &ids] { return deps_.events.releaseLeases(ids); };
    const Result<int> released = co_await offload(io.blocking, release);
    if (!released.ok()) {
      log::get(log::Id::kPipeline).warn("{}", released.error().message());
    }
  }
  const auto ended = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  // The batch's time includes the wait for its commit: commits that queue for the CPU are a
  // sign that more batches would not push sooner (InFlightLimit).
  limit_.onFinished(
      std::chrono::duration_cast<std::chrono::microseconds>(ended.time_since_epoch()).count(),
      std::chrono::duration_cast<std::chrono::microseconds>(ended - handedOver),
      static_cast<int>(batch.size()));
  if (!outcome.ok()) {
    rescan_ = true;  // its events are given back unsettled: the next look finds them
    failedRecords_ -= sent ? 1 : 0;
  }
  idle_.push_back(std::move(processor));
  for (const QueuedEvent& e : batch) {
    leased_.erase(e.id);
  }
  --recording_;
  if (active_ == 0 && recording_ == 0) {
    idleCv_.notify_all();
  }
  // Launches held back while commits lagged or after a failed one (launchLocked) resume here.
  launchLocked();
  // The dispatcher is woken only for what it does: a look for a retry this batch scheduled (it
  // may fall due before the next look), for events given back, or for more events once fewer
  // than its low water are in hand (when it listens for commits instead, those wake it). An
  // upstream that ran its share may read what waits for it now.
  const bool promoted = !listening_ && promoteDeferred();
  if (promoted || !outcome.ok() || *outcome || (!listening_ && ready_.size() < lowWater_)) {
    wakeLocked();
  }
}

bool Pipeline::stop(std::chrono::milliseconds grace) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!started_) {
    return true;
  }
  stopping_ = true;
  stopRequested_ = true;
  std::vector<int64_t> notStarted;
  for (const Ready& r : ready_.entries()) {
    leased_.erase(r.event.id);
    notStarted.push_back(r.event.id);
  }
  ready_.clear();
  shares_.readyCleared();
  starved_.clear();
  deferred_.clear();
  deferredCount_ = 0;
  dispatchCv_.notify_all();
  if (shared() && !notStarted.empty()) {
    // Other nodes take them at once, while this one waits for its batches.
    lock.unlock();
    const Result<int> released = deps_.events.releaseLeases(notStarted);
    if (!released.ok()) {
      log::get(log::Id::kPipeline).warn("{}", released.error().message());
    }
    lock.lock();
  }
  const bool done =
      idleCv_.wait_for(lock, grace, [this] { return active_ == 0 && recording_ == 0; });
  started_ = false;
  lock.unlock();
  if (dispatcher_.joinable()) {
    dispatcher_.join();
  }
  if (!done) {
    // Batches still waiting for an answer never resume: their events stay queued for the next
    // start, and nothing touches the store once this returns.
    halt();
  }
  if (shared()) {
    // All this node still leases (a batch cut short, what the dispatcher read as it stopped):
    // the other nodes' now.
    const Result<int> released = deps_.events.releaseLeases({});
    if (!released.ok()) {
      log::get(log::Id::kPipeline).warn("{}", released.error().message());
    }
  }
  return done;
}

}  // namespace enp
