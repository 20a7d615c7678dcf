#include "enp/source/graph/graph_subscription_keeper.h"

#include <algorithm>

#include "enp/common/log.h"
#include "enp/common/secrets.h"
#include "enp/source/graph/graph_notify_handler.h"

namespace enp {
namespace {

using std::chrono::milliseconds;

// Counts for the dashboard and /metrics are read again at most this often, and no sooner than
// kLookCostFactor times the last count took (LookPacer).
constexpr std::chrono::milliseconds kCountsEvery{5000};
// A catch-up asks from this long before the last notification (clocks of ENP and Graph).
constexpr int64_t kCatchUpMarginMs = 5 * 60'000;

int64_t steadyMs() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

spdlog::logger& glog() { return log::get(log::Id::kGraph); }

std::string alertKey(const std::string& tenant) { return "subscriptions-failing:graph:" + tenant; }

}  // namespace

GraphSubscriptionKeeper::GraphSubscriptionKeeper(Deps deps, Options options)
    : deps_(std::move(deps)),
      options_(options),
      countLooks_(kCountsEvery, kLookCostFactor),
      looks_(options.fullLookEvery),
      created_(deps_.metrics.counter("enp_graph_subscription_calls_total{call=\"create\"}",
                                     "Graph subscription calls that succeeded")),
      renewed_(deps_.metrics.counter("enp_graph_subscription_calls_total{call=\"renew\"}")),
      recreated_(deps_.metrics.counter("enp_graph_subscriptions_recreated_total",
                                       "Graph subscriptions created again after they were gone")),
      failed_(deps_.metrics.counter("enp_graph_subscription_calls_failed_total",
                                    "Graph subscription calls that failed")),
      catchUps_(deps_.metrics.counter("enp_graph_catchups_total",
                                      "Delta queries on the Inbox after missed notifications")),
      caughtUp_(deps_.metrics.counter("enp_graph_catchup_items_total",
                                      "Messages a Graph catch-up queued")) {
  for (GraphSubscriptionState s :
       {GraphSubscriptionState::kPending, GraphSubscriptionState::kActive,
        GraphSubscriptionState::kRenewing, GraphSubscriptionState::kFailing,
        GraphSubscriptionState::kMailboxMissing}) {
    deps_.metrics.gauge(std::string("enp_graph_subscriptions{state=\"") + toString(s) + "\"}",
                        "Registrations of Graph mailboxes by subscription state", [this, s] {
                          std::lock_guard<std::mutex> lock(mutex_);
                          auto it = counts_.find(s);
                          return it == counts_.end() ? 0.0 : static_cast<double>(it->second);
                        });
  }
}

GraphSubscriptionKeeper::~GraphSubscriptionKeeper() { stop(); }

std::string GraphSubscriptionKeeper::notificationUrl(const GraphTenant& tenant) const {
  return (tenant.notificationBaseUrl.empty() ? deps_.baseUrl : tenant.notificationBaseUrl) +
         kGraphNotificationsPath;
}

std::string GraphSubscriptionKeeper::lifecycleUrl(const GraphTenant& tenant) const {
  return (tenant.notificationBaseUrl.empty() ? deps_.baseUrl : tenant.notificationBaseUrl) +
         kGraphLifecyclePath;
}

void GraphSubscriptionKeeper::start() {
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

void GraphSubscriptionKeeper::stop() {
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

void GraphSubscriptionKeeper::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  wakeCv_.notify_all();
}

void GraphSubscriptionKeeper::plannerLoop() {
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

void GraphSubscriptionKeeper::workerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    jobsCv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (stopping_) {
      return;
    }
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    if (takeToken(job.tenant)) {
      run(job);
    }
    lock.lock();
    queued_.erase(job.watched.registrationId);
  }
}

std::vector<GraphSubscriptionKeeper::Job> GraphSubscriptionKeeper::plan() {
  std::vector<Job> jobs;
  const std::shared_ptr<const Settings> settings = deps_.settings();
  if (settings != lastSettings_) {
    if (lastSettings_ != nullptr) {
      // Tenants may have changed (domains, URLs, credentials): look at everything again.
      if (const Status s = deps_.subscriptions.recheckAll(); !s.ok()) {
        glog().error("graph subscriptions: {}", s.toString());
      }
    }
    lastSettings_ = settings;
    looks_.expire();
  }
  if (settings->graph.empty()) {
    return jobs;
  }
  const int64_t now = deps_.clock.nowMs();
  // Due records are read by their index at every look; registrations without one, all of
  // them or only the recent ones (LookScope).
  const std::optional<int64_t> createdSince =
      looks_.begin(now, steadyMs(), deps_.shares != nullptr ? deps_.shares->generation() : 0);
  auto due = deps_.subscriptions.due(now, options_.batch, settings->graphDomains(), createdSince);
  if (!due.ok()) {
    glog().error("graph subscriptions: {}", due.error().toString());
    return jobs;
  }
  looks_.end(steadyMs(), static_cast<int>(due->size()) < options_.batch);
  std::vector<GraphSubscriptionRecord> toSave;
  auto claim = [this](const std::string& registrationId) {
    if (deps_.shares != nullptr && !deps_.shares->owns(registrationId)) {
      return false;  // another node's
    }
    std::lock_guard<std::mutex> lock(mutex_);
    return queued_.insert(registrationId).second;  // false: it waits for its turn
  };
  for (GraphWatched& w : *due) {
    const GraphTenant* tenant = settings->graphFor(w.mailbox);
    if (tenant == nullptr || !claim(w.registrationId)) {
      continue;
    }
    GraphStep step = planGraph(w.record, tenant->name, now, options_.plan);
    step.record.registrationId = w.registrationId;
    toSave.push_back(step.record);
    if (step.action == GraphStep::Action::kSave) {
      std::lock_guard<std::mutex> lock(mutex_);
      queued_.erase(w.registrationId);
      continue;
    }
    jobs.push_back({std::move(w), std::move(step), tenant->name, false});
  }
  auto revoked = deps_.subscriptions.revoked(options_.batch);
  if (revoked.ok()) {
    for (GraphSubscriptionRecord& r : *revoked) {
      if (!claim(r.registrationId)) {
        continue;
      }
      Job job;
      job.watched.registrationId = r.registrationId;
      job.tenant = r.tenant;
      job.step.record = std::move(r);
      job.remove = true;
      jobs.push_back(std::move(job));
    }
  }
  // One commit for the whole look.
  if (const Status saved = deps_.subscriptions.save(toSave); !saved.ok()) {
    glog().error("graph subscriptions: {}", saved.toString());
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Job& job : jobs) {
      queued_.erase(job.watched.registrationId);
    }
    return {};
  }
  return jobs;
}

bool GraphSubscriptionKeeper::takeToken(const std::string& tenant) {
  const double rate = std::max(0.001, options_.ratePerTenant);
  const double burst = std::max(1.0, rate / 10);
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    const int64_t now = steadyMs();
    auto at = tokensAt_.find(tenant);
    if (at == tokensAt_.end()) {
      tokens_[tenant] = burst;
      at = tokensAt_.emplace(tenant, now).first;
    }
    double& tokens = tokens_[tenant];
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

GraphCallOutcome GraphSubscriptionKeeper::create(const GraphTenant& tenant,
                                                 const std::string& mailbox,
                                                 GraphSubscriptionRecord* record,
                                                 std::vector<std::string>* pendingHashes) {
  GraphSubscriptionCalls::Create request;
  request.mailbox = mailbox;
  request.notificationUrl = notificationUrl(tenant);
  request.lifecycleUrl = lifecycleUrl(tenant);
  request.clientState = randomToken(32);
  request.expiresAt = deps_.clock.nowMs() + options_.plan.requestedLifetime.count();
  const std::string hash = sha256Hex(request.clientState);
  deps_.pending.begin(hash, record->registrationId, tenant.name);
  pendingHashes->push_back(hash);
  GraphCallOutcome outcome = deps_.calls.create(tenant, request);
  if (outcome.end == GraphCallOutcome::End::kOk) {
    record->clientStateHash = hash;
  }
  return outcome;
}

void GraphSubscriptionKeeper::run(const Job& job) {
  const std::shared_ptr<const Settings> settings = deps_.settings();
  const GraphTenant* tenant = nullptr;
  for (const GraphTenant& t : settings->graph) {
    tenant = t.name == job.tenant ? &t : tenant;
  }
  if (tenant == nullptr) {
    return;  // The settings changed meanwhile; the next look plans it again.
  }
  if (job.remove) {
    runRemove(job, *tenant);
    return;
  }
  if (settings->graphFor(job.watched.mailbox) != tenant) {
    return;
  }
  const std::string& id = job.watched.registrationId;
  const uint64_t seed = std::hash<std::string>{}(id);
  GraphSubscriptionRecord record = job.step.record;
  if (job.step.action == GraphStep::Action::kCatchUp) {
    catchUp(job, *tenant, record);
    return;
  }
  GraphCallOutcome outcome;
  bool catchUpAfter = job.step.catchUp;
  std::vector<std::string> pendingHashes;
  if (job.step.action == GraphStep::Action::kRenew) {
    outcome = deps_.calls.renew(*tenant, record.subscriptionId,
                                deps_.clock.nowMs() + options_.plan.requestedLifetime.count());
  } else {
    outcome = create(*tenant, job.watched.mailbox, &record, &pendingHashes);
  }
  GraphAfter after =
      afterGraphCall(record, job.step.action, outcome, deps_.clock.nowMs(), options_.plan, seed);
  GraphStep::Action done = job.step.action;
  if (after.recreate) {
    glog().info("[reg {}] graph subscription {} is gone: creating a new one", id,
                record.subscriptionId);
    recreated_.inc();
    record = after.record;
    outcome = create(*tenant, job.watched.mailbox, &record, &pendingHashes);
    after = afterGraphCall(record, GraphStep::Action::kCreate, outcome, deps_.clock.nowMs(),
                           options_.plan, seed);
    done = GraphStep::Action::kCreate;
    catchUpAfter = true;
  }
  // Stored before it is logged: from "created" on, notifications find the record.
  if (const Status saved = deps_.subscriptions.save(after.record); !saved.ok()) {
    glog().error("graph subscriptions: {}", saved.toString());
  }
  if (outcome.end == GraphCallOutcome::End::kOk) {
    (done == GraphStep::Action::kCreate ? created_ : renewed_).inc();
    glog().info("[reg {}] graph subscription {} {} until {}", id, after.record.subscriptionId,
                done == GraphStep::Action::kCreate ? "created" : "renewed", after.record.expiresAt);
    if (catchUpAfter && done == GraphStep::Action::kCreate) {
      catchUp(job, *tenant, after.record);
    }
  } else {
    failed_.inc();
    glog().warn("[reg {}] graph subscription call failed: {}", id, after.record.failure);
  }
  tenantOutcome(tenant->name, after.tenantProblem,
                outcome.end == GraphCallOutcome::End::kOk ? "" : after.record.failure);
  for (const std::string& hash : pendingHashes) {
    const GraphLifecycle noted = deps_.pending.end(hash);
    if (noted != GraphLifecycle::kNone && hash == after.record.clientStateHash &&
        !after.record.subscriptionId.empty()) {
      // A lifecycle event arrived while the create was under way: it applies now.
      glog().info("[reg {}] graph lifecycle event received during the create: applied", id);
      if (const Status marked =
              deps_.subscriptions.markLifecycle(after.record.subscriptionId, noted);
          !marked.ok()) {
        glog().error("graph subscriptions: {}", marked.toString());
      }
      wake();
    }
  }
}

void GraphSubscriptionKeeper::runRemove(const Job& job, const GraphTenant& tenant) {
  GraphSubscriptionRecord record = job.step.record;
  const GraphCallOutcome outcome = deps_.calls.remove(tenant, record.subscriptionId);
  if (outcome.end != GraphCallOutcome::End::kOk) {
    glog().warn("[reg {}] deleting graph subscription {} failed: {}", record.registrationId,
                record.subscriptionId, outcome.detail);
    return;  // Tried again at the next look; it expires at Graph anyway.
  }
  glog().info("[reg {}] registration revoked: graph subscription {} deleted", record.registrationId,
              record.subscriptionId);
  record.state = GraphSubscriptionState::kDeleted;
  record.subscriptionId.clear();
  record.failure.clear();
  if (const Status saved = deps_.subscriptions.save(record); !saved.ok()) {
    glog().error("graph subscriptions: {}", saved.toString());
  }
}

void GraphSubscriptionKeeper::catchUp(const Job& job, const GraphTenant& tenant,
                                      const GraphSubscriptionRecord& record) {
  const std::string& id = job.watched.registrationId;
  std::chrono::milliseconds retryAfter{0};
  if (queryAndQueue(job, tenant, record.subscriptionId, &retryAfter)) {
    std::lock_guard<std::mutex> lock(mutex_);
    catchUpFailures_.erase(id);
    return;
  }
  int failures = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    failures = ++catchUpFailures_[id];
  }
  const GraphSubscriptionRecord owed =
      owedCatchUp(record, failures, retryAfter, deps_.clock.nowMs(), std::hash<std::string>{}(id));
  if (const Status saved = deps_.subscriptions.save(owed); !saved.ok()) {
    glog().error("[reg {}] graph catch-up: {}", id, saved.toString());
    return;
  }
  glog().info("[reg {}] graph catch-up owed: tried again in {} s", id,
              std::max<int64_t>(0, owed.nextCheckAt - deps_.clock.nowMs()) / 1000);
}

bool GraphSubscriptionKeeper::queryAndQueue(const Job& job, const GraphTenant& tenant,
                                            const std::string& subscriptionId,
                                            std::chrono::milliseconds* retryAfter) {
  const auto settings = deps_.settings();
  const std::string& id = job.watched.registrationId;
  const int64_t now = deps_.clock.nowMs();
  const int64_t oldest = now - int64_t{settings->policy.maxAgeMinutes} * 60'000;
  auto link = deps_.subscriptions.deltaLink(id, tenant.name);
  if (!link.ok()) {
    glog().error("[reg {}] graph catch-up: {}", id, link.error().toString());
    return false;
  }
  // A first delta query asks for what arrived since the last notification (or the
  // subscription); the next ones start from the state the last one ended with.
  const GraphSubscriptionRecord& r = job.step.record;
  const int64_t since = std::max(
      (job.watched.lastSeenAt > 0 ? job.watched.lastSeenAt : r.createdAt) - kCatchUpMarginMs,
      oldest);
  auto round = deps_.calls.delta(tenant, job.watched.mailbox, *link, since, options_.catchUpPages);
  catchUps_.inc();
  if (!round.ok() && round.error().status.code() == StatusCode::kNotFound && !link->empty()) {
    glog().info("[reg {}] graph catch-up: {}; starting a new delta query", id,
                round.error().status.message());
    round = deps_.calls.delta(tenant, job.watched.mailbox, "", since, options_.catchUpPages);
  }
  if (!round.ok()) {
    glog().warn("[reg {}] graph catch-up failed: {}", id, round.error().status.message());
    *retryAfter = round.error().retryAfter;
    return false;
  }
  // A delta round also lists messages that only changed (read, flagged): those older than the
  // policy's maximum age are not news; the rest is deduplicated on the message id.
  NotifyWrite write;
  write.registrationId = id;
  write.subscriptionId = subscriptionId;
  write.nowMs = now;
  for (const auto& f : round->items) {
    if (f.receivedAt > 0 && f.receivedAt < oldest) {
      continue;
    }
    write.items.push_back(
        {f.itemId, "", subscriptionId, "", f.receivedAt > 0 ? f.receivedAt : now});
  }
  if (write.items.size() > static_cast<size_t>(options_.catchUpLimit)) {
    write.items.erase(write.items.begin(), write.items.end() - options_.catchUpLimit);
  }
  if (!write.items.empty()) {
    if (const Status stored = deps_.events.persist(write); !stored.ok()) {
      glog().error("[reg {}] graph catch-up not stored: {}", id, stored.toString());
      return false;  // The link is kept: the next catch-up asks for the same again.
    }
    caughtUp_.inc(write.inserted);
  }
  if (const Status saved = deps_.subscriptions.saveDeltaLink(id, tenant.name, round->link, now);
      !saved.ok()) {
    glog().error("[reg {}] graph catch-up: {}", id, saved.toString());
  }
  glog().info("[reg {}] graph catch-up ({}): {} message(s), {} new", id,
              link->empty() ? "delta query since " + std::to_string(since) : "delta since the last",
              write.items.size(), write.inserted);
  return true;
}

void GraphSubscriptionKeeper::tenantOutcome(const std::string& tenant, const std::string& problem,
                                            const std::string& failure) {
  bool raise = false, resolve = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failure.empty()) {
      // Also the first success since the start: an alert raised before a restart is open still.
      resolve = tenantFailing_.erase(tenant) > 0;
      resolve = tenantSucceeded_.insert(tenant).second || resolve;
    } else if (!problem.empty()) {
      raise = tenantFailing_.insert(tenant).second;
      tenantSucceeded_.erase(tenant);
    }
  }
  if (deps_.alert && (raise || resolve)) {
    deps_.alert(alertKey(tenant), raise ? problem + ": " + failure : "");
  }
}

void GraphSubscriptionKeeper::refreshCounts() {
  const int64_t now = steadyMs();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!countLooks_.due(now)) {
      return;
    }
  }
  auto byTenant = deps_.subscriptions.countByTenant();  // the states' totals summed from it
  {
    std::lock_guard<std::mutex> lock(mutex_);
    countLooks_.ran(now, steadyMs());
    if (byTenant.ok()) {
      counts_.clear();
      for (const auto& [tenant, states] : *byTenant) {
        for (const auto& [state, n] : states) {
          counts_[state] += n;
        }
      }
    }
  }
  if (!byTenant.ok()) {
    return;
  }
  std::vector<std::string> newTenants;
  for (const auto& [tenant, states] : *byTenant) {
    if (tenantGauges_.insert(tenant).second) {
      newTenants.push_back(tenant);
    }
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tenantCounts_ = std::move(*byTenant);
  }
  // Registered outside mutex_: rendering the metrics reads them under the registry's lock.
  for (const std::string& tenant : newTenants) {
    for (GraphSubscriptionState s :
         {GraphSubscriptionState::kPending, GraphSubscriptionState::kActive,
          GraphSubscriptionState::kRenewing, GraphSubscriptionState::kFailing,
          GraphSubscriptionState::kMailboxMissing}) {
      deps_.metrics.gauge(
          "enp_graph_tenant_subscriptions{tenant=\"" + Metrics::labelValue(tenant) + "\",state=\"" +
              toString(s) + "\"}",
          "Registrations of Graph mailboxes by tenant (graph[].name) and subscription state",
          [this, tenant, s] {
            std::lock_guard<std::mutex> lock(mutex_);
            auto t = tenantCounts_.find(tenant);
            if (t == tenantCounts_.end()) {
              return 0.0;
            }
            auto it = t->second.find(s);
            return it == t->second.end() ? 0.0 : static_cast<double>(it->second);
          });
    }
  }
}

}  // namespace enp
