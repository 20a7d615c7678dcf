#pragma once

#include "enp/admin/admin_call.h"
#include "enp/store/event_store.h"

namespace enp::admin {

/// The queue and the dead letters, for the administrator who has fixed what held them up:
///   GET  /api/v1/admin/queue?state=queued|dead&limit=K&before=ID -> {state, count, entries:
///        [{id, registrationId, mailbox, itemId, attempts, createdAt, nextAttemptAt?,
///        finishedAt?, lastError}]} newest first (limit 1..500, default 100); count = all in
///        that state
///   POST /api/v1/admin/queue/retry    {ids?: [id]} -> 200 {retried}: queued events waiting
///        for a later attempt are tried now (all of them without ids)
///   POST /api/v1/admin/queue/requeue  {ids?: [id]} -> 200 {requeued}: dead letters are queued
///        again with their attempts reset (all of them without ids)
/// At most kMaxIds ids per call (400 above). Both changes are audited with their counts.
class QueueHandler {
 public:
  static constexpr size_t kMaxIds = 500;

  explicit QueueHandler(EventStore& events) : events_(events) {}

  void addRoutes(RouteTable* routes);

 private:
  void list(AdminCall& call);
  void retry(AdminCall& call);
  void requeue(AdminCall& call);

  EventStore& events_;
};

}  // namespace enp::admin
