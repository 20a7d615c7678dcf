#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "enp/cluster/share_book.h"
#include "enp/common/clock.h"
#include "enp/common/look_pacer.h"
#include "enp/common/look_scope.h"
#include "enp/common/metrics.h"
#include "enp/config/settings.h"
#include "enp/source/graph/graph_subscription_calls.h"
#include "enp/source/graph/graph_subscription_plan.h"
#include "enp/source/graph/pending_creates.h"
#include "enp/store/event_store.h"
#include "enp/store/graph_subscription_store.h"

namespace enp {

/// Keeps the Graph subscriptions of every registration whose mailbox a graph[] tenant serves:
/// creates them (Graph validates the notification URLs before it answers), renews them at half
/// the lifetime Graph granted, creates a new one when a renewal finds it gone (404) or Graph
/// removed it (lifecycle subscriptionRemoved), renews on reauthorizationRequired, catches up
/// with a delta query on the Inbox after missed notifications or a lapsed subscription (from the
/// @odata.deltaLink the last one saved), and deletes the
/// subscriptions of revoked registrations. Calls go out at a bounded rate per tenant and a
/// bounded concurrency; failures back off (graph_subscription_plan.h), and a failure of the
/// tenant raises one alert for it.
class GraphSubscriptionKeeper {
 public:
  struct Options {
    std::chrono::milliseconds tick{1000};  ///< How often due records are looked for.
    int concurrency = 4;                   ///< Calls in flight at once, all tenants.
    double ratePerTenant = 10;             ///< Calls per second to one tenant at most.
    int batch = 1000;                      ///< Records planned per look.
    int catchUpLimit = 200;                ///< Messages one catch-up queues at most (newest).
    int catchUpPages = 100;                ///< Pages of a delta query one catch-up reads.
    GraphPlanOptions plan;
    /// Looks at every registration without a record at most this often (see LookScope).
    std::chrono::milliseconds fullLookEvery{60000};
  };

  struct Deps {
    GraphSubscriptionStore& subscriptions;
    EventStore& events;
    Metrics& metrics;
    const Clock& clock;
    GraphSubscriptionCalls& calls;
    std::function<std::shared_ptr<const Settings>()> settings;  ///< Never null.
    std::string baseUrl;  ///< The public listener's; for tenants without notificationBaseUrl.
    /// A problem of a whole tenant ("subscriptions-failing:graph:<name>", what happened); ""
    /// message = resolved.
    std::function<void(const std::string& key, const std::string& message)> alert;
    /// Told of every create from before it is sent until its record is stored.
    PendingCreates& pending;
    /// The shares this node holds: it keeps only their registrations' subscriptions (null: all).
    const cluster::ShareBook* shares = nullptr;
  };

  GraphSubscriptionKeeper(Deps deps, Options options);
  ~GraphSubscriptionKeeper();
  GraphSubscriptionKeeper(const GraphSubscriptionKeeper&) = delete;
  GraphSubscriptionKeeper& operator=(const GraphSubscriptionKeeper&) = delete;

  void start();
  void stop();
  /// Looks for due records now (a lifecycle notification came).
  void wake();

  /// The notification and lifecycle URLs Graph is given for `tenant`.
  std::string notificationUrl(const GraphTenant& tenant) const;
  std::string lifecycleUrl(const GraphTenant& tenant) const;

 private:
  struct Job {
    GraphWatched watched;
    GraphStep step;
    std::string tenant;
    bool remove = false;  ///< Delete the subscription of a revoked registration.
  };

  void plannerLoop();
  void workerLoop();
  std::vector<Job> plan();
  void run(const Job& job);
  void runRemove(const Job& job, const GraphTenant& tenant);
  /// Sends a create; the clientState's hash stays in deps_.pending (and is added to
  /// *pendingHashes) until the caller has stored the record.
  GraphCallOutcome create(const GraphTenant& tenant, const std::string& mailbox,
                          GraphSubscriptionRecord* record, std::vector<std::string>* pendingHashes);
  /// Queries the Inbox for mail Graph did not notify and queues it. When it cannot, the catch-up
  /// is owed: `record` is stored with lifecycle kCatchUp, due again after a back-off.
  void catchUp(const Job& job, const GraphTenant& tenant, const GraphSubscriptionRecord& record);
  /// The catch-up's query and queueing; false with *retryAfter (Graph's, or 0) when it failed.
  bool queryAndQueue(const Job& job, const GraphTenant& tenant, const std::string& subscriptionId,
                     std::chrono::milliseconds* retryAfter);
  bool takeToken(const std::string& tenant);
  void tenantOutcome(const std::string& tenant, const std::string& problem,
                     const std::string& failure);
  void refreshCounts();

  Deps deps_;
  const Options options_;

  std::mutex mutex_;
  std::condition_variable wakeCv_;
  std::condition_variable jobsCv_;
  bool stopping_ = false;                             // GUARDED_BY(mutex_)
  bool woken_ = false;                                // GUARDED_BY(mutex_)
  std::deque<Job> jobs_;                              // GUARDED_BY(mutex_)
  std::set<std::string> queued_;                      // GUARDED_BY(mutex_): registration ids
  std::map<std::string, double> tokens_;              // GUARDED_BY(mutex_): per tenant
  std::map<std::string, int64_t> tokensAt_;           // GUARDED_BY(mutex_)
  std::set<std::string> tenantFailing_;               // GUARDED_BY(mutex_): alerts raised
  std::set<std::string> tenantSucceeded_;             // GUARDED_BY(mutex_): alerts resolved
  std::map<GraphSubscriptionState, int64_t> counts_;  // GUARDED_BY(mutex_)
  // GUARDED_BY(mutex_): by tenant name, for enp_graph_tenant_subscriptions{tenant, state}.
  std::map<std::string, std::map<GraphSubscriptionState, int64_t>> tenantCounts_;
  std::set<std::string> tenantGauges_;  // planner's only: tenants whose gauges exist
  LookPacer countLooks_;                // GUARDED_BY(mutex_)
  // GUARDED_BY(mutex_): failed catch-ups in a row per registration (their back-off).
  std::map<std::string, int> catchUpFailures_;

  // The planner's only:
  std::shared_ptr<const Settings> lastSettings_;
  LookScope looks_;

  std::thread planner_;
  std::vector<std::thread> workers_;

  Counter& created_;
  Counter& renewed_;
  Counter& recreated_;
  Counter& failed_;
  Counter& catchUps_;
  Counter& caughtUp_;
};

}  // namespace enp
