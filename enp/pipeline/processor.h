#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/store/settings_cache.h"
#include "enp/pipeline/health_board.h"
#include "enp/pipeline/worker_context.h"
#include "enp/store/decision_store.h"
#include "enp/store/event_store.h"
#include "enp/store/registration_store.h"
#include "rules/policy.h"
#include "rules/zones.h"

namespace enp {

/// Takes queued events of one registration through fetch -> decide -> sign -> push (one GetItem
/// for all their items) and records what became of each (DESIGN §3, §6.3):
///   ErrorServerBusy            -> retry after BackOffMilliseconds
///   item gone                  -> dropped, recorded
///   impersonation denied, 401  -> alert, retry in 5 minutes
///   CNS 5xx/429/no answer      -> retry with backoff (Retry-After honoured)
///   CNS other 4xx              -> dead-letter, alert
///   older than maxAgeMinutes   -> expired
/// Thread safety: one Processor per worker thread (it holds the worker's connections).
class Processor {
 public:
  struct Deps {
    RegistrationStore& registrations;
    EventStore& events;
    DecisionStore& decisions;
    SettingsCache& settings;
    const rules::ZoneDb& zones;
    Metrics& metrics;
    const Clock& clock;
    HealthBoard& health;  ///< Per-upstream status and per-minute counts for the dashboard.
  };
  /// `stopping` turns true when ENP shuts down: the items of a batch not yet pushed then stay
  /// queued for the next start.
  Processor(Deps deps, TransportFactory factory, const std::atomic<bool>& stopping)
      : deps_(deps), context_(std::move(factory)), stopping_(stopping) {}

  /// `events` all belong to one registration (Pipeline batches them); at least one. True when
  /// some event was rescheduled for a later attempt.
  bool process(const std::vector<QueuedEvent>& events);

 private:
  struct Ctx;
  void run(const std::vector<QueuedEvent>& events);
  // Outcomes are gathered while a batch is processed and recorded together by flush(): one
  // commit per batch. Metrics, the dashboard and the log hear of them after the commit.
  void finish(const Ctx& c, const std::string& state, const std::string& rule,
              const std::string& reason);
  void retry(const Ctx& c, int64_t delayMs, const std::string& error);
  bool flush();  // true when a retry was among the outcomes
  /// Logs and counts an alert, once per batch for the same text (one failed GetItem for eight
  /// items is one alert).
  void alert(const std::string& kind, const std::string& message);
  bool handleEwsError(const Ctx& c, const ews::Error& e);
  void deliver(Ctx& c, const Registration& reg, const rules::Policy& policy,
               const Settings& settings, const ews::MailItem& m);

  Deps deps_;
  WorkerContext context_;
  const std::atomic<bool>& stopping_;
  struct Pending {
    Settlement settlement;
    std::optional<DecisionRecord> decision;  ///< For final states.
    int64_t delayMs = 0;                     ///< For retries.
  };
  std::vector<Pending> pending_;
  std::vector<std::string> alerted_;  // this batch's alerts
};

}  // namespace enp
