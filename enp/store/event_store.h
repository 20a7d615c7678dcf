#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/database.h"
#include "enp/store/event_state.h"

namespace enp {

/// What one callback asks to persist: new-mail items to queue and the subscription's
/// "last seen" (heartbeats enqueue nothing but refresh it).
struct NotifyWrite {
  struct Item {
    std::string itemId;
    std::string folderId;
    std::string subscriptionId;
    std::string watermark;
    int64_t eventTime = 0;  ///< ms; Exchange's TimeStamp or the receive time.
  };
  std::string registrationId;
  std::string subscriptionId;  ///< Last seen subscription (may be empty).
  std::string watermark;       ///< Watermark of the last event of the notification.
  int64_t nowMs = 0;
  std::vector<Item> items;

  // Set by EventStore::persist:
  int inserted = 0;  ///< New queue rows; the rest were duplicates of (registration, item).
  /// Whether the registration's "last seen" is written with it: decided at the write's first
  /// run, so that a run again after a rollback writes it all the same.
  std::optional<bool> writesSeen;
};

/// A queued event handed to a worker.
struct QueuedEvent {
  int64_t id = 0;
  std::string registrationId;
  std::string itemId;
  std::string folderId;
  int attempts = 0;
  int64_t eventTime = 0;
  int64_t nextAttemptAt = 0;  ///< Set by EventStore::lease only.
};

/// What became of a leased event: a final state reached at atMs, or, with kQueued, another
/// attempt due at atMs.
struct Settlement {
  int64_t id = 0;
  EventState state = EventState::kQueued;
  std::string error;
  int attempts = 0;
  int64_t atMs = 0;
};

/// The durable queue: all SQL about events. Thread-safe. Store failures come back as a
/// Status of code kStore (the database's exceptions never leave this class).
/// One queued or dead-lettered event as the console's queue browser shows it (no mail content:
/// ENP keeps none).
struct QueueEntry {
  int64_t id = 0;
  std::string registrationId;
  std::string mailbox;
  std::string itemId;
  EventState state = EventState::kQueued;
  int attempts = 0;
  int64_t createdAt = 0;
  int64_t nextAttemptAt = 0;  ///< Queued: when it is tried next.
  int64_t finishedAt = 0;     ///< Dead: when it was dead-lettered.
  std::string lastError;
  /// Queued, on a queue shared by nodes: the node working on it until leaseUntil (ms); "" when
  /// none holds it.
  std::string leasedBy;
  int64_t leaseUntil = 0;
};

class EventStore {
 public:
  explicit EventStore(Database& db) : db_(db) {}

  /// Persists the writes in a transaction shared with every concurrent writer (group commit,
  /// Database::write), returning only after the commit: what returns OK is durable. The same
  /// (registration, item) is queued once, ever (duplicates are counted, not queued).
  Status persist(std::vector<NotifyWrite*> writes);
  Status persist(NotifyWrite& write) { return persist(std::vector<NotifyWrite*>{&write}); }
  /// persist() without waiting (Database::writeAsync): `done` gets its outcome, with `writes`
  /// (inserted set), once the commit is over, on the thread that led it. `done` must be quick.
  void persistAsync(std::shared_ptr<std::vector<NotifyWrite>> writes,
                    std::function<void(Status, const std::vector<NotifyWrite>&)> done);

  /// Called (outside locks) after a write that queued something new, with the registrations of
  /// a persist()'s new events (empty when not known: "Retry now", requeued dead letters): wakes
  /// the dispatcher. Set before concurrent use.
  using OnQueued = std::function<void(const std::vector<std::string>& registrations)>;
  void setOnQueued(OnQueued f) { onQueued_ = std::move(f); }

  /// PostgreSQL, several nodes on one queue (docs/postgresql.md): from now on persist(),
  /// retryNow() and requeueDead() notify kQueueChannel (payload: `nodeName`) in their
  /// transaction, and the lease methods below act for `nodeName`. Set before concurrent use.
  void shareQueue(std::string nodeName) { nodeName_ = std::move(nodeName); }
  const std::string& nodeName() const { return nodeName_; }
  static constexpr const char* kQueueChannel = "enp_queue";

  /// Shared queue (PostgreSQL only): leases up to `limit` queued events due at nowMs that no
  /// node holds (or whose lease ran out) to this node until leaseUntilMs, oldest first, in one
  /// statement that skips the rows other nodes are leasing at the same moment: two nodes never
  /// get the same event while its lease runs. Events in `inHand` (those this node is working on)
  /// are passed over even when due and unleased: an event settled for a retry that falls due
  /// before its batch has ended is leased again only once that batch let it go.
  Result<std::vector<QueuedEvent>> lease(int64_t nowMs, int64_t leaseUntilMs, int limit,
                                         const std::vector<int64_t>& inHand = {});
  /// lease(), of one registration's events only.
  Result<std::vector<QueuedEvent>> leaseOf(const std::string& registrationId, int64_t nowMs,
                                           int64_t leaseUntilMs, int limit,
                                           const std::vector<int64_t>& inHand);
  /// Extends this node's leases of `ids` (those it still holds) until leaseUntilMs, in one
  /// statement. Returns how many were extended.
  Result<int> renewLeases(const std::vector<int64_t>& ids, int64_t leaseUntilMs);
  /// Gives this node's leases of `ids` back (all of them when empty): other nodes may take
  /// those events at once. Settled events are not touched.
  Result<int> releaseLeases(const std::vector<int64_t>& ids);

  /// Up to `limit` queued events due at nowMs, oldest first, skipping ids in `exclude` (sorted).
  Result<std::vector<QueuedEvent>> due(int64_t nowMs, int limit,
                                       const std::vector<int64_t>& exclude);

  /// Up to `limit` queued events of one registration due at nowMs, oldest first, skipping ids
  /// in `exclude` (sorted): the dispatcher's read for a registration whose events it must not
  /// leave behind others'.
  Result<std::vector<QueuedEvent>> dueOf(const std::string& registrationId, int64_t nowMs,
                                         int limit, const std::vector<int64_t>& exclude);

  /// The earliest next_attempt_at after afterMs of a queued event; nullopt when there is none.
  Result<std::optional<int64_t>> nextDueAfter(int64_t afterMs);
  /// Up to `limit` queued events due at nowMs with an id above `afterId`, in id order: what was
  /// queued since the caller's last look, read without passing over what it already holds;
  /// skipping ids in `exclude` (sorted: those above `afterId` the caller holds already).
  Result<std::vector<QueuedEvent>> dueAfterId(int64_t nowMs, int64_t afterId, int limit,
                                              const std::vector<int64_t>& exclude);

  /// Records the settlements in one durable write. `alongside(i)`, when given, runs in the same
  /// transaction after settlement i (e.g. DecisionStore::writeIn), so the outcomes of a batch and
  /// their records cost one commit. `alongside` may throw the database's exceptions: the write is
  /// then rolled back and reported.
  Status settle(const std::vector<Settlement>& settlements,
                const std::function<void(size_t)>& alongside = {});
  /// settle() without waiting (Database::writeAsync): `done` gets its outcome once the commit
  /// is over, on the thread that led it. What `alongside` uses must live until then; `done`
  /// must be quick.
  void settleAsync(std::vector<Settlement> settlements, std::function<void(size_t)> alongside,
                   std::function<void(Status)> done);
  /// Returns once every persistAsync() and settleAsync() handed over before has been answered
  /// (Database::awaitAsyncWrites).
  void awaitAsyncWrites() { db_.awaitAsyncWrites(); }

  /// One final state (see Settlement).
  Status finish(int64_t id, EventState state, const std::string& error, int attempts,
                int64_t nowMs);

  /// Try again at atMs.
  Status retryAt(int64_t id, int64_t atMs, const std::string& error, int attempts);

  Result<int64_t> queuedCount();
  /// When the oldest queued event was queued (ms); nullopt when none is queued.
  Result<std::optional<int64_t>> oldestQueuedAt();
  Result<int64_t> countInState(EventState state);

  /// The queue browser (event_queue_admin.cc): events in `state` (queued or dead), newest
  /// first, with an id below beforeId when it is not 0.
  Result<std::vector<QueueEntry>> list(EventState state, int limit, int64_t beforeId);
  /// "Retry now": queued events waiting for a later attempt (those in `ids`, or all when empty)
  /// become due at nowMs, and the dispatcher is woken. Returns how many.
  Result<int> retryNow(const std::vector<int64_t>& ids, int64_t nowMs);
  /// Dead letters (those in `ids`, or all when empty) are queued again, due at nowMs, with
  /// their attempts reset; the dispatcher is woken. Returns how many.
  Result<int> requeueDead(const std::vector<int64_t>& ids, int64_t nowMs);

  /// Deletes finished rows older than beforeMs (they only served dedup by then).
  /// At most `limit` of them per call, in one short write (group commit), so pruning a large
  /// backlog never holds the writer for long: call again while it returns `limit`.
  Result<int> prune(int64_t beforeMs, int limit = 1000);

 private:
  /// In a write: tells the other nodes sharing the queue that events became due.
  void notifyQueued(sql::Connection& db);
  // persist()'s statements, inside the write transaction.
  void insertIn(sql::Connection& db, const std::vector<NotifyWrite*>& writes);
  // settle()'s statements, inside the write transaction.
  void settleIn(const std::vector<Settlement>& settlements,
                const std::function<void(size_t)>& alongside);
  // settle()'s outcome from its write's.
  static Status settled(const Status& written, const std::vector<Settlement>& settlements);
  // After the commit: logs a failure, wakes the dispatcher when something was queued.
  Status afterPersist(const Status& written, const std::vector<NotifyWrite*>& writes);
  // lease() and leaseOf() (all registrations when registrationId is empty).
  Result<std::vector<QueuedEvent>> leaseWhere(const std::string& registrationId, int64_t nowMs,
                                              int64_t leaseUntilMs, int limit,
                                              const std::vector<int64_t>& inHand);

  Database& db_;
  OnQueued onQueued_;
  std::string nodeName_;  // "": the queue is this process's alone
  // The registrations' "last seen" as last written; used inside Database::write() only, where
  // the work runs one caller at a time.
  struct Seen {
    int64_t atMs = INT64_MIN / 2;
    std::string subscriptionId;
  };
  std::unordered_map<std::string, Seen> seenWritten_;
};

}  // namespace enp
