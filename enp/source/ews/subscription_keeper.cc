#include "enp/source/ews/subscription_keeper.h"

#include <algorithm>
#include <functional>

#include "enp/common/log.h"
#include "enp/common/log_text.h"
#include "enp/common/log_time.h"

namespace enp {
namespace {

using std::chrono::milliseconds;
using Steady = std::chrono::steady_clock;

// Subscription counts for the dashboard and /metrics are read again at most this often, and
// no sooner than kLookCostFactor times the last count took (LookPacer).
constexpr std::chrono::milliseconds kCountsEvery{5000};
// A catch-up asks from this long before the last callback.
constexpr int64_t kCatchUpMarginMs = 5 * 60'000;

int64_t steadyMs() {
  return std::chrono::duration_cast<milliseconds>(Steady::now().time_since_epoch()).count();
}

uint64_t seedOf(const std::string& id) { return std::hash<std::string>{}(id); }

spdlog::logger& klog() { return log::get(log::Id::kEws); }

}  // namespace

SubscriptionKeeper::SubscriptionKeeper(Deps deps, Options options)
    : deps_(std::move(deps)),
      options_(options),
      countLooks_(kCountsEvery, kLookCostFactor),
      looks_(options.fullLookEvery),
      subscribed_(deps_.metrics.counter("enp_subscribes_total{result=\"ok\"}",
                                        "Subscribe requests ENP made, by result")),
      resubscribed_(deps_.metrics.counter("enp_resubscriptions_total",
                                          "Subscriptions renewed after falling silent")),
      failed_(deps_.metrics.counter("enp_subscribes_total{result=\"failed\"}")),
      // A renewal whose watermark Exchange could not use; the fresh Subscribe after it counts
      // as ok or failed on its own.
      refused_(deps_.metrics.counter("enp_subscribes_total{result=\"watermark_refused\"}")),
      catchUps_(deps_.metrics.counter("enp_subscription_catchups_total",
                                      "Fresh subscriptions followed by a FindItem catch-up")),
      caughtUp_(
          deps_.metrics.counter("enp_catchup_items_total", "New-mail items a catch-up queued")) {
  for (SubscriptionState s :
       {SubscriptionState::kAppManaged, SubscriptionState::kPending, SubscriptionState::kActive,
        SubscriptionState::kStale, SubscriptionState::kResubscribing, SubscriptionState::kFailing,
        SubscriptionState::kMailboxMissing}) {
    deps_.metrics.gauge(std::string("enp_subscriptions{state=\"") + toString(s) + "\"}",
                        "Registrations by subscription state", [this, s] {
                          std::lock_guard<std::mutex> lock(mutex_);
                          auto it = counts_.find(s);
                          return it == counts_.end() ? 0.0 : static_cast<double>(it->second);
                        });
  }
}

SubscriptionKeeper::~SubscriptionKeeper() { stop(); }

void SubscriptionKeeper::start() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = false;
    jobs_.clear();
    queued_.clear();
  }
  planner_ = std::thread([this] { plannerLoop(); });
  for (int i = 0; i < std::max(1, options_.concurrency); ++i) {
    workers_.emplace_back([this] { workerLoop(); });
  }
}

void SubscriptionKeeper::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wakeCv_.notify_all();
  jobsCv_.notify_all();
  if (planner_.joinable()) {
    planner_.join();
  }
  for (std::thread& t : workers_) {
    t.join();
  }
  workers_.clear();
}

void SubscriptionKeeper::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  wakeCv_.notify_all();
}

void SubscriptionKeeper::runOnce() {
  looks_.expire();  // every registration, as a test expects of one look
  for (const Job& job : plan()) {
    run(job);
    std::lock_guard<std::mutex> lock(mutex_);
    queued_.erase(job.registration.registrationId);
  }
  refreshCounts();
}

void SubscriptionKeeper::plannerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    std::vector<Job> jobs = plan();
    refreshCounts();
    lock.lock();
    for (Job& job : jobs) {
      jobs_.push_back(std::move(job));
    }
    jobsCv_.notify_all();
    wakeCv_.wait_for(lock, options_.tick, [this] { return stopping_ || woken_; });
    woken_ = false;
  }
}

void SubscriptionKeeper::workerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    jobsCv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (stopping_) {
      return;
    }
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    run(job);
    lock.lock();
    queued_.erase(job.registration.registrationId);
  }
}

std::vector<SubscriptionKeeper::Job> SubscriptionKeeper::plan() {
  std::vector<Job> jobs;
  const int64_t now = deps_.clock.nowMs();
  const std::shared_ptr<const Settings> settings = deps_.settings();
  // Due records are read by their index at every look; registrations without one, all of
  // them or only the recent ones (LookScope).
  const std::optional<int64_t> createdSince =
      looks_.begin(now, steadyMs(), deps_.shares != nullptr ? deps_.shares->generation() : 0);
  // Graph mailboxes are the Graph keeper's (enp/source/graph/).
  auto due = deps_.subscriptions.due(now, options_.batch, settings->graphDomains(), createdSince);
  if (!due.ok()) {
    klog().error("subscriptions: {}", due.error().toString());
    return jobs;
  }
  looks_.end(steadyMs(), static_cast<int>(due->size()) < options_.batch);
  if (settings != lastSettings_) {
    // Servers may have switched between "app" and "enp": every record is looked at again.
    if (lastSettings_ != nullptr) {
      const Status rechecked = deps_.subscriptions.recheckAll();
      if (!rechecked.ok()) {
        klog().error("subscriptions: {}", rechecked.toString());
      }
      lastSettings_ = settings;
      looks_.expire();
      return plan();
    }
    lastSettings_ = settings;
  }
  std::vector<SubscriptionRecord> toSave;
  for (WatchedRegistration& w : *due) {
    if (deps_.shares != nullptr && !deps_.shares->owns(w.registrationId)) {
      continue;  // another node's
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (queued_.count(w.registrationId) != 0) {
        continue;  // Its Subscribe waits for its turn.
      }
    }
    const ExchangeServer* server = settings->serverFor(w.mailbox);
    WatchInput in;
    in.enpManaged =
        server != nullptr && server->subscriptions == ExchangeServer::Subscriptions::kEnp;
    in.record = w.record;
    in.lastSeenAt = w.lastSeenAt;
    in.hasWatermark = !w.lastWatermark.empty();
    in.nowMs = now;
    WatchOptions o;
    o.grace = options_.grace;
    if (server != nullptr) {
      o.statusFrequency = options_.minute * server->statusFrequencyMinutes;
    }
    WatchStep step = planWatch(in, o);
    step.record.registrationId = w.registrationId;
    toSave.push_back(step.record);
    if (step.action != WatchStep::Action::kSubscribe) {
      continue;
    }
    if (w.record && w.record->state == SubscriptionState::kActive) {
      resubscribed_.inc();
      klog().info("[reg {}] subscription {} silent since {}: renewing it", w.registrationId,
                  forLog(w.record->subscriptionId, 80),
                  logTime(std::max(w.lastSeenAt, w.record->subscribedAt)));
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queued_.insert(w.registrationId);
    }
    jobs.push_back({std::move(w), std::move(step.record), step.withWatermark, server->name});
  }
  // One commit for the whole look: a start with 10,000 registrations is one write, not 10,000.
  const Status saved = deps_.subscriptions.save(toSave);
  if (!saved.ok()) {
    klog().error("subscriptions: {}", saved.toString());
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Job& job : jobs) {
      queued_.erase(job.registration.registrationId);
    }
    return {};
  }
  if (deps_.book != nullptr) {
    for (const SubscriptionRecord& r : toSave) {
      deps_.book->saved(r);
    }
  }
  return jobs;
}

bool SubscriptionKeeper::takeToken(const std::string& server) {
  const double rate = std::max(0.001, options_.ratePerServer);
  const double burst = std::max(1.0, rate / 10);
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    const int64_t now = steadyMs();
    auto at = tokensAt_.find(server);
    if (at == tokensAt_.end()) {
      tokens_[server] = burst;
      at = tokensAt_.emplace(server, now).first;
    }
    double& tokens = tokens_[server];
    tokens = std::min(burst, tokens + static_cast<double>(now - at->second) * rate / 1000);
    at->second = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    const auto wait = milliseconds(static_cast<int64_t>((1 - tokens) * 1000 / rate) + 1);
    wakeCv_.wait_for(lock, wait, [this] { return stopping_; });
  }
  return false;
}

void SubscriptionKeeper::run(const Job& job) {
  const std::shared_ptr<const Settings> settings = deps_.settings();
  const ExchangeServer* server = settings->serverFor(job.registration.mailbox);
  if (server == nullptr || server->name != job.server) {
    return;  // The settings changed meanwhile; the next look plans it again.
  }
  const auto frequency = std::chrono::minutes(server->statusFrequencyMinutes);
  SubscriptionRecord record = job.record;
  record.state = SubscriptionState::kResubscribing;
  (void)save(record);
  SubscriptionCalls::Target target{server, job.registration.mailbox, record.affinityCookie};
  const std::string url = deps_.callbackUrl(job.registration.registrationId);
  bool withWatermark = job.withWatermark;
  WatchOptions o;
  o.statusFrequency = options_.minute * server->statusFrequencyMinutes;
  o.grace = options_.grace;
  const uint64_t seed = seedOf(job.registration.registrationId);
  const std::string& watermark =
      record.replayWatermark.empty() ? job.registration.lastWatermark : record.replayWatermark;
  // Every Subscribe takes its turn right before it is sent, the fresh one after a refused
  // watermark too: the rate holds where Exchange sees it.
  if (!takeToken(job.server)) {
    (void)save(job.record);  // Stopping: as planned, due again when its lease ends.
    return;
  }
  SubscribeOutcome outcome =
      deps_.calls.subscribe(target, url, withWatermark ? watermark : "", frequency);
  AfterSubscribe after =
      afterSubscribe(record, withWatermark, outcome, deps_.clock.nowMs(), o, seed);
  bool fresh = false;
  if (after.subscribeFresh) {
    refused_.inc();
    klog().info("[reg {}] watermark refused ({}): subscribing fresh and catching up",
                job.registration.registrationId, outcome.detail);
    target.affinityCookie = after.record.affinityCookie;
    withWatermark = false;
    fresh = true;
    if (!takeToken(job.server)) {
      (void)save(job.record);
      return;
    }
    outcome = deps_.calls.subscribe(target, url, "", frequency);
    after = afterSubscribe(after.record, false, outcome, deps_.clock.nowMs(), o, seed);
  }
  const std::string alertKey = "subscriptions-failing:" + server->name;
  if (outcome.end == SubscribeEnd::kSubscribed) {
    subscribed_.inc();
    // Never the callback URL: its path is the registration's callback token.
    klog().info("[reg {}] subscribed {} on {}{}: subscription {}, heartbeat every {} min",
                job.registration.registrationId, job.registration.mailbox, server->name,
                withWatermark ? " from its last watermark" : "", forLog(outcome.subscriptionId, 80),
                server->statusFrequencyMinutes);
    // The new subscription's watermark is where its first notification starts from.
    NotifyWrite seen;
    seen.registrationId = job.registration.registrationId;
    seen.subscriptionId = outcome.subscriptionId;
    seen.watermark = outcome.watermark;
    seen.nowMs = deps_.clock.nowMs();
    if (fresh) {
      target.affinityCookie = after.record.affinityCookie;
      catchUp(job, target, outcome.subscriptionId);
    }
    (void)deps_.events.persist(seen);
    if (deps_.book != nullptr) {
      deps_.book->started(outcome.subscriptionId, outcome.watermark);
    }
    bool resolved = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      resolved = serverFailing_.erase(server->name) > 0;
    }
    if (resolved && deps_.alert) {
      deps_.alert(alertKey, "");
    }
  } else {
    failed_.inc();
    const bool givenUp = after.record.state == SubscriptionState::kMailboxMissing;
    klog().warn("[reg {}] Subscribe failed: {}; {}{}", job.registration.registrationId,
                after.record.failure, givenUp ? "no more attempts" : "next attempt at ",
                givenUp ? "" : logTime(after.record.nextCheckAt));
    if (!after.serverProblem.empty()) {
      bool raise = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        raise = serverFailing_[server->name]++ == 0;
      }
      if (raise && deps_.alert) {
        deps_.alert(alertKey, "Exchange " + server->name + ": subscriptions failing (" +
                                  after.serverProblem + "): " + after.record.failure);
      }
    }
  }
  const Status saved = save(after.record);
  if (!saved.ok()) {
    klog().error("subscriptions: {}", saved.toString());
  }
}

Status SubscriptionKeeper::save(const SubscriptionRecord& record) {
  Status saved = deps_.subscriptions.save(record);
  if (saved.ok() && deps_.book != nullptr) {
    deps_.book->saved(record);
  }
  return saved;
}

void SubscriptionKeeper::catchUp(const Job& job, const SubscriptionCalls::Target& target,
                                 const std::string& subscriptionId) {
  const auto settings = deps_.settings();
  const int64_t now = deps_.clock.nowMs();
  const int64_t oldest = now - int64_t{settings->policy.maxAgeMinutes} * 60'000;
  int64_t since =
      job.registration.lastSeenAt > 0 ? job.registration.lastSeenAt : job.record.subscribedAt;
  // A margin for the clocks of ENP and Exchange: what comes twice is a duplicate, never a push.
  since = std::max(since - kCatchUpMarginMs, oldest);
  auto found = deps_.calls.findSince(target, since, options_.catchUpLimit);
  if (!found.ok()) {
    klog().warn("[reg {}] catch-up failed: {}", job.registration.registrationId,
                found.error().toString());
    return;
  }
  NotifyWrite write;
  write.registrationId = job.registration.registrationId;
  write.subscriptionId = subscriptionId;
  write.nowMs = now;
  for (const auto& f : *found) {
    write.items.push_back({f.itemId, "", subscriptionId, "", f.receivedAt});
  }
  catchUps_.inc();
  if (write.items.empty()) {
    return;
  }
  const Status stored = deps_.events.persist(write);
  if (!stored.ok()) {
    klog().error("[reg {}] catch-up not stored: {}", job.registration.registrationId,
                 stored.toString());
    return;
  }
  caughtUp_.inc(write.inserted);
  klog().info("[reg {}] catch-up since {}: {} item(s), {} new", job.registration.registrationId,
              logTime(since), write.items.size(), write.inserted);
}

void SubscriptionKeeper::refreshCounts() {
  const int64_t now = steadyMs();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!countLooks_.due(now)) {
      return;
    }
  }
  auto counts = deps_.subscriptions.countByState();
  std::lock_guard<std::mutex> lock(mutex_);
  countLooks_.ran(now, steadyMs());
  if (counts.ok()) {
    counts_ = std::move(*counts);
  }
}

}  // namespace enp
