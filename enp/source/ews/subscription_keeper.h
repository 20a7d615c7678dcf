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
#include "enp/source/ews/subscription_book.h"
#include "enp/source/ews/subscription_calls.h"
#include "enp/source/ews/subscription_plan.h"
#include "enp/store/event_store.h"
#include "enp/store/subscription_store.h"

namespace enp {

/// Keeps the push subscriptions of registrations whose server says subscriptions: "enp":
/// creates them, notices when one falls silent (no notification, no heartbeat for 2 x
/// StatusFrequency + grace), renews it with the last watermark so that Exchange replays what was
/// missed, and when the watermark is unusable subscribes fresh and catches up with FindItem.
/// Subscribes go out at a bounded rate per server and a bounded concurrency, so a start with
/// 10,000 registrations or the end of an outage is never a storm.
class SubscriptionKeeper {
 public:
  struct Options {
    std::chrono::milliseconds tick{1000};  ///< How often due records are looked for.
    int concurrency = 8;                   ///< Subscribes in flight at once, all servers.
    double ratePerServer = 20;             ///< Subscribes per second to one server at most.
    int batch = 1000;                      ///< Records planned per look.
    int catchUpLimit = 200;                ///< Items one catch-up queues at most.
    std::chrono::milliseconds grace{30000};
    std::chrono::milliseconds minute{60000};  ///< Of StatusFrequency (shorter in tests).
    /// Looks at every registration without a record at most this often (see LookScope).
    std::chrono::milliseconds fullLookEvery{60000};
  };

  struct Deps {
    SubscriptionStore& subscriptions;
    EventStore& events;
    Metrics& metrics;
    const Clock& clock;
    SubscriptionCalls& calls;
    /// The settings now (never null).
    std::function<std::shared_ptr<const Settings>()> settings;
    /// The callback URL Exchange is to call for a registration.
    std::function<std::string(const std::string& registrationId)> callbackUrl;
    /// A problem of a whole server ("subscriptions-failing:mail1", what to do); "" message =
    /// resolved.
    std::function<void(const std::string& key, const std::string& message)> alert;
    /// Told of every record the keeper stores and every subscription it starts (may be null).
    SubscriptionBook* book = nullptr;
    /// The shares this node holds: it keeps only their registrations' subscriptions (null: all).
    const cluster::ShareBook* shares = nullptr;
  };

  SubscriptionKeeper(Deps deps, Options options);
  ~SubscriptionKeeper();
  SubscriptionKeeper(const SubscriptionKeeper&) = delete;
  SubscriptionKeeper& operator=(const SubscriptionKeeper&) = delete;

  /// Starts the planner and the workers.
  void start();
  /// Stops them; a Subscribe in flight finishes (its record was leased, so nothing is lost).
  void stop();
  /// Looks for due records now (a registration was created, the settings changed).
  void wake();

  /// One look and every Subscribe it plans, on the calling thread, the rate limit included
  /// (for tests; not while started).
  void runOnce();

 private:
  struct Job {
    WatchedRegistration registration;
    SubscriptionRecord record;
    bool withWatermark = false;
    std::string server;
  };

  void plannerLoop();
  void workerLoop();
  /// Plans what is due; returns the Subscribes to make.
  std::vector<Job> plan();
  /// Makes the job's Subscribe (two when the watermark is refused), each after takeToken().
  void run(const Job& job);
  /// Blocks until `server` may be sent another Subscribe (or stopping); false when stopping.
  bool takeToken(const std::string& server);
  void catchUp(const Job& job, const SubscriptionCalls::Target& target,
               const std::string& subscriptionId);
  void refreshCounts();
  /// Stores `record` and tells the book.
  Status save(const SubscriptionRecord& record);

  Deps deps_;
  const Options options_;

  std::mutex mutex_;
  std::condition_variable wakeCv_;
  std::condition_variable jobsCv_;
  bool stopping_ = false;                     // GUARDED_BY(mutex_)
  bool woken_ = false;                        // GUARDED_BY(mutex_)
  std::deque<Job> jobs_;                      // GUARDED_BY(mutex_)
  std::set<std::string> queued_;              // GUARDED_BY(mutex_): registration ids in jobs_/run
  std::map<std::string, double> tokens_;      // GUARDED_BY(mutex_): per server
  std::map<std::string, int64_t> tokensAt_;   // GUARDED_BY(mutex_)
  std::map<std::string, int> serverFailing_;  // GUARDED_BY(mutex_): alerts raised
  std::map<SubscriptionState, int64_t> counts_;  // GUARDED_BY(mutex_)
  LookPacer countLooks_;                         // GUARDED_BY(mutex_)

  // The planner's only:
  std::shared_ptr<const Settings> lastSettings_;
  LookScope looks_;

  std::thread planner_;
  std::vector<std::thread> workers_;

  Counter& subscribed_;
  Counter& resubscribed_;
  Counter& failed_;
  Counter& refused_;
  Counter& catchUps_;
  Counter& caughtUp_;
};

}  // namespace enp
