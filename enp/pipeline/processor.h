#pragma once

#include <string>

#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/config/settings_cache.h"
#include "enp/pipeline/health_board.h"
#include "enp/pipeline/worker_context.h"
#include "enp/store/decision_store.h"
#include "enp/store/event_store.h"
#include "enp/store/registration_store.h"
#include "rules/zones.h"

namespace enp {

/// Takes one queued event through fetch -> decide -> sign -> push and records what became of
/// it (DESIGN §3, §6.3):
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
  Processor(Deps deps, TransportFactory factory) : deps_(deps), context_(std::move(factory)) {}

  void process(const QueuedEvent& event);

 private:
  struct Ctx;
  void finish(const Ctx& c, const std::string& state, const std::string& rule,
              const std::string& reason);
  void retry(const Ctx& c, int64_t delayMs, const std::string& error);
  void alert(const std::string& kind, const std::string& message);
  bool handleEwsError(const Ctx& c, const ews::Error& e);

  Deps deps_;
  WorkerContext context_;
};

}  // namespace enp
