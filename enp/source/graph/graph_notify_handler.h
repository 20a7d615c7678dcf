#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/http/async_handler.h"
#include "enp/source/graph/pending_creates.h"
#include "enp/store/event_store.h"
#include "enp/store/graph_subscription_store.h"

namespace enp {

/// POST /graph/notifications and POST /graph/lifecycle: what Microsoft Graph sends ENP.
///  - A validation request (?validationToken=...; Graph sends one to each URL when a
///    subscription is created) is answered 200 text/plain with the token, at once.
///  - A change notification collection: each item's subscription is looked up and its
///    clientState compared with the stored hash (or, for a subscription whose create has not
///    returned yet, found by that hash among the PendingCreates); a mismatch or an unknown
///    subscription is refused (counted, logged, not queued). Each "created" message is queued once
///    per registration (EventStore::persistAsync, the same dedup as EWS) and the answer is 202,
///    only after the commit, which is awaited without holding a thread: the mail is read later
///    by the pipeline, so Graph gets its answer in milliseconds (it wants one within 3 s). 403
///    when every item was refused, 500 when nothing could be persisted (Graph retries for up
///    to 4 hours).
///  - A lifecycle notification collection: reauthorizationRequired, subscriptionRemoved and
///    missed are remembered on the subscription's record for the keeper (markLifecycle) and
///    the keeper is woken; 202.
/// Bad input gets 400/405/408/413/415 and a counter, never mail content in a log.
class GraphNotifyHandler : public http::AsyncHandler {
 public:
  enum class Kind { kNotifications, kLifecycle };

  struct Counters {
    explicit Counters(Metrics& m);
    Counter& validations;
    Counter& queued;
    Counter& duplicates;
    Counter& refusedClientState;
    Counter& refusedUnknown;
    Counter& lifecycle;
  };
  struct Deps {
    GraphSubscriptionStore& subscriptions;
    EventStore& events;
    Metrics& metrics;
    const Counters& counters;
    const Clock& clock;
    size_t maxBodyBytes;                       ///< The listener's: for the 413 answer.
    std::chrono::milliseconds requestTimeout;  ///< The listener's: for the 408 answer.
    std::function<void()> wakeKeeper;          ///< After a lifecycle notification (may be empty).
    PendingCreates& pending;                   ///< Subscriptions whose id is not stored yet.
  };

  GraphNotifyHandler(Kind kind, Deps deps) : kind_(kind), deps_(std::move(deps)) {}

  void handle(http::RawRequest request, Answer answer) override;

 private:
  http::RawResponse reject(int status, const std::string& reason, const std::string& detail);
  /// A change or lifecycle notification collection (`body`): checked, recorded, answered.
  void notify(const std::string& body, Answer answer);

  const Kind kind_;
  const Deps deps_;
};

/// The paths, under graph[].notificationBaseUrl (or base_url).
inline constexpr const char* kGraphNotificationsPath = "/graph/notifications";
inline constexpr const char* kGraphLifecyclePath = "/graph/lifecycle";

}  // namespace enp
