#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "enp/alert/pipeline_alerts.h"
#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/decide/policy_cache.h"
#include "enp/decide/retry_policy.h"
#include "enp/pipeline/health_board.h"
#include "enp/pipeline/upstream_gates.h"
#include "enp/sink/sink.h"
#include "enp/source/source.h"
#include "enp/store/decision_store.h"
#include "enp/store/event_store.h"
#include "enp/store/mailbox_hours_store.h"
#include "enp/store/registration_store.h"
#include "enp/store/settings_cache.h"
#include "rules/decision.h"
#include "rules/policy.h"
#include "rules/zones.h"

namespace enp {

/// Takes queued events of one registration through read -> decide -> push and records what
/// became of each, in one commit per batch (DESIGN §3, §6.3). It knows sources, sinks and the
/// retry policy through their interfaces, no mail system's types:
///   the registration is gone or revoked      -> dropped ("revoked")
///   the registration cannot be read          -> retried after a minute (internal error)
///   older than policy.maxAgeMinutes          -> expired ("too-old")
///   the stored policy does not load          -> dropped ("bad-policy"), recorded
///   the rules say no                         -> suppressed, with the rule's reason (and, for
///                                               workHoursFrom "mailbox", where the hours came
///                                               from: applyMailboxHours())
///   a source or sink Failure                 -> decideRetry() (retry_policy.h): retry after a
///                                               delay, drop, or dead-letter; alerts
///   the upstream fails for everyone          -> its mail is held, one probe at a time
///                                               (UpstreamGates); held mail costs no attempt
/// Thread safety: one batch at a time per Processor (the pipeline keeps a pool of them, one per
/// batch in flight); its reads and pushes go out on the AsyncIo's event loop, so a batch waiting
/// for Exchange or CNS holds no thread.
class Processor {
 public:
  struct Deps {
    RegistrationStore& registrations;
    MailboxHoursStore& mailboxHours;  ///< For registrations with workHoursFrom "mailbox".
    EventStore& events;
    DecisionStore& decisions;
    SettingsCache& settings;
    const rules::ZoneDb& zones;
    Metrics& metrics;
    const Clock& clock;
    HealthBoard& health;  ///< Per-upstream status and per-minute counts for the dashboard.
    UpstreamGates& gates;
    const std::vector<SourcePtr>& sources;  ///< Outlive every Processor.
    RetryOptions retry;
    PipelineAlerts* alerts;  ///< Raises and resolves the administrator's alerts; may be null.
    /// Registrations' policies parsed once per text, shared by every Processor (the Pipeline
    /// sets its own); null: each batch parses its registration's.
    PolicyCache* policies = nullptr;
  };
  /// `sink`: this worker's way out. `stopping` turns true when ENP shuts down: the items of a
  /// batch not yet pushed then stay queued for the next start.
  Processor(Deps deps, SinkPtr sink, const std::atomic<bool>& stopping);

  /// The upstream the registration's mail is read from (MailReader::upstreamFor): "" when the
  /// registration cannot be read or no mail system serves it. Reads the registration.
  std::string upstreamOf(const std::string& registrationId);

  /// `events` all belong to one registration (Pipeline batches them); at least one. True when
  /// some event was rescheduled for a later attempt. A store failure while recording the
  /// outcomes is returned; the events then stay queued as they were.
  boost::asio::awaitable<Result<bool>> processAsync(const std::vector<QueuedEvent>& events,
                                                    AsyncIo& io);
  /// processAsync() in its two steps: the reads, decisions and pushes, whose outcomes are
  /// gathered, then their commit (what processAsync() returns). The pipeline frees the batch's
  /// slot between them: a batch waiting for its commit sends no request.
  boost::asio::awaitable<void> sendAsync(const std::vector<QueuedEvent>& events, AsyncIo& io);
  /// Records the outcomes; true when a retry was among them.
  boost::asio::awaitable<Result<bool>> recordAsync();
  /// processAsync() to completion on the calling thread, with the readers' and sink's blocking
  /// calls (tests, tools).
  Result<bool> process(const std::vector<QueuedEvent>& events);

 private:
  struct Ctx {
    const QueuedEvent* event;
    int attempts;  ///< Including this one.
    int64_t now;
    rules::Decision decision;
  };
  boost::asio::awaitable<void> run(std::vector<Ctx>& all, AsyncIo& io);
  boost::asio::awaitable<void> readAndPush(const Registration& reg, const Settings& settings,
                                           std::vector<Ctx*> live, AsyncIo& io);
  /// hoursNote: where the policy's work hours came from ("" = the registration's own), added to
  /// the decision's reason.
  boost::asio::awaitable<void> push(Ctx& c, const Registration& reg, const rules::Policy& policy,
                                    const std::string& hoursNote, const Settings& settings,
                                    const Mail& mail, AsyncIo& io);

  // Outcomes are gathered while a batch is processed and recorded together by recordAsync(): one
  // commit per batch. Metrics, the dashboard and the log hear of them after the commit.
  void finish(const Ctx& c, EventState state, const std::string& rule, const std::string& reason);
  void retry(const Ctx& c, std::chrono::milliseconds delay, const std::string& error);
  /// Not attempted: the upstream is held until untilMs (the attempt is not counted).
  void hold(const Ctx& c, int64_t untilMs, const std::string& upstream);
  /// Applies the retry policy to one failure; reports upstream-wide failures to the gates.
  void fail(const Ctx& c, const Failure& failure, const std::string& upstream);
  /// Logs and counts an alert, once per batch for the same text (one failed GetItem for eight
  /// items is one alert).
  void alert(const std::string& kind, const std::string& message);
  MailReader* readerFor(const Registration& reg);

  Deps deps_;
  SinkPtr sink_;
  const std::atomic<bool>& stopping_;
  std::vector<std::pair<Source*, MailReaderPtr>> readers_;  // one per source
  std::optional<Failure> sinkUnusable_;                     // for the current batch

  struct Pending {
    Settlement settlement;
    std::optional<DecisionRecord> decision;  ///< For final states.
    int64_t delayMs = 0;                     ///< For retries.
    bool held = false;                       ///< A hold, not an attempt.
  };
  std::vector<Pending> pending_;
  // Metrics, the dashboard and the log, once the outcomes are stored.
  Result<bool> afterFlush(const std::vector<Pending>& pending, const Status& stored);
  std::vector<std::string> alerted_;  // this batch's alerts
};

}  // namespace enp
