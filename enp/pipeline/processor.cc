#include "enp/pipeline/processor.h"

#include <algorithm>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include "enp/common/log.h"
#include "enp/decide/decider.h"
#include "enp/pipeline/mailbox_hours_policy.h"
#include "enp/sink/jti.h"
#include "enp/sink/payload.h"

namespace enp {
namespace {

// The rest of a batch waits this long while its first item probes a held upstream.
constexpr int64_t kAfterProbeMs = 1000;
// How long an event waits after an unexpected processing failure.
constexpr std::chrono::milliseconds kAfterInternalError{60000};
// Pushes of one batch under way at once. A batch's mails go out together, not one after
// another, but with batches of 8 all at once a backlog held twice the connections and
// requests (and up to 84 MB against 62 MB in the instant benchmark) for no more throughput.
constexpr size_t kPushesAtOnce = 4;

auto& plog() { return log::get(log::Id::kPipeline); }

PushMail toPushMail(const Mail& m, const QueuedEvent& event) {
  return PushMail{m.itemId,        event.folderId, m.senderName, m.senderAddress, m.subject,
                  m.snippetSource, m.received,     m.importance, m.meeting};
}

rules::MailMeta toMailMeta(const Mail& m) {
  return rules::MailMeta{m.senderAddress, m.senderName, m.subject,  m.snippetSource,
                         m.received,      m.importance, m.itemClass};
}

}  // namespace

Processor::Processor(Deps deps, SinkPtr sink, const std::atomic<bool>& stopping)
    : deps_(deps), sink_(std::move(sink)), stopping_(stopping) {
  for (const SourcePtr& s : deps_.sources) {
    readers_.emplace_back(s.get(), s->newReader());
  }
}

void Processor::alert(const std::string& kind, const std::string& message) {
  const std::string key = kind + '\n' + message;
  if (std::find(alerted_.begin(), alerted_.end(), key) != alerted_.end()) {
    return;
  }
  alerted_.push_back(key);
  deps_.metrics.counter("enp_alerts_total{kind=\"" + kind + "\"}").inc();
  plog().error("ALERT {}: {}", kind, message);
}

void Processor::finish(const Ctx& c, EventState state, const std::string& rule,
                       const std::string& reason) {
  Pending p;
  p.settlement = {c.event->id, state, state == EventState::kDelivered ? "" : reason, c.attempts,
                  c.now};
  p.decision = DecisionRecord{c.event->registrationId, c.event->itemId, c.now, state, rule, reason,
                              c.decision.localTime,    c.decision.zone};
  pending_.push_back(std::move(p));
}

void Processor::retry(const Ctx& c, std::chrono::milliseconds delay, const std::string& error) {
  Pending p;
  p.settlement = {c.event->id, EventState::kQueued, error, c.attempts, c.now + delay.count()};
  p.delayMs = delay.count();
  pending_.push_back(std::move(p));
}

void Processor::hold(const Ctx& c, int64_t untilMs, const std::string& upstream) {
  Pending p;
  // Spread the held mails over a second past the hold, so they do not all come back at once.
  const int64_t at =
      std::max(untilMs, c.now) +
      jitterWithin(std::chrono::milliseconds(1000), static_cast<uint64_t>(c.event->id)).count();
  p.settlement = {c.event->id, EventState::kQueued,
                  upstream + " is held after failing for everyone", c.attempts - 1, at};
  p.delayMs = at - c.now;
  p.held = true;
  pending_.push_back(std::move(p));
}

void Processor::fail(const Ctx& c, const Failure& failure, const std::string& upstream) {
  deps_.metrics
      .counter("enp_upstream_failures_total{system=\"" + failure.system + "\",kind=\"" +
               toString(failure.kind) + "\"}")
      .inc();
  const RetryDecision d =
      decideRetry(failure, c.attempts, static_cast<uint64_t>(c.event->id), deps_.retry);
  if (!d.alert.empty()) {
    alert(d.alert,
          failure.advice.empty() ? failure.detail : failure.advice + " (" + failure.detail + ")");
  }
  if (d.upstreamDown && !upstream.empty()) {
    deps_.gates.onFailure(upstream, c.now);
  }
  if (deps_.alerts != nullptr) {
    bool held = false;
    if (failure.kind == FailureKind::kUnreachable && !upstream.empty()) {
      const std::vector<std::string> heldNow = deps_.gates.held();
      held = std::find(heldNow.begin(), heldNow.end(), upstream) != heldNow.end();
    }
    deps_.alerts->onFailure(failure, upstream, held);
  }
  switch (d.verdict) {
    case RetryDecision::Verdict::kRetry:
      retry(c, d.delay, failure.detail);
      break;
    case RetryDecision::Verdict::kDrop:
      finish(c, EventState::kDropped, d.rule, d.reason);
      break;
    case RetryDecision::Verdict::kDeadLetter:
      finish(c, EventState::kDead, d.rule, d.reason);
      break;
  }
}

boost::asio::awaitable<Result<bool>> Processor::recordAsync() {
  // Owned by the write, not by this coroutine: a batch dropped while ENP stops (Pipeline::halt)
  // leaves nothing behind that the commit still reads.
  auto pending = std::make_shared<std::vector<Pending>>(std::move(pending_));
  pending_.clear();
  std::vector<Settlement> settlements;
  settlements.reserve(pending->size());
  for (const Pending& p : *pending) {
    settlements.push_back(p.settlement);
  }
  // The commit is awaited holding no thread: it joins the next group commit. (Named before the
  // co_await: GCC 12 destroys a co_await expression's class temporaries twice.)
  auto settle = [this, &settlements, pending](std::function<void(Status)> done) {
    deps_.events.settleAsync(
        std::move(settlements),
        [pending, &decisions = deps_.decisions](size_t i) {
          if ((*pending)[i].decision) {
            decisions.writeIn(*(*pending)[i].decision);
          }
        },
        std::move(done));
  };
  boost::asio::awaitable<Status> committed = awaitCallback<Status>(std::move(settle));
  const Status stored = co_await std::move(committed);
  co_return afterFlush(*pending, stored);
}

Result<bool> Processor::afterFlush(const std::vector<Pending>& pending, const Status& stored) {
  if (!stored.ok()) {
    return stored;
  }
  bool rescheduled = false;
  for (const Pending& p : pending) {
    const Settlement& s = p.settlement;
    if (!p.decision) {
      rescheduled = true;
      if (p.held) {
        deps_.metrics.counter("enp_events_held_total").inc();
        plog().debug("[ev{}] held for {} ms: {}", s.id, p.delayMs, s.error);
      } else {
        deps_.metrics.counter("enp_events_retried_total").inc();
        plog().warn("[ev{}] attempt {} failed, retry in {} ms: {}", s.id, s.attempts, p.delayMs,
                    s.error);
      }
      continue;
    }
    deps_.metrics
        .counter(std::string("enp_events_finished_total{state=\"") + toString(s.state) + "\"}")
        .inc();
    deps_.health.count(s.state == EventState::kDelivered    ? Outcome::kDelivered
                       : s.state == EventState::kSuppressed ? Outcome::kSuppressed
                                                            : Outcome::kFailed,
                       s.atMs);
    plog().info("[ev{}] {}: {}", s.id, toString(s.state), p.decision->reason);
  }
  return rescheduled;
}

Result<bool> Processor::process(const std::vector<QueuedEvent>& events) {
  // The readers and sinks are called through their blocking read() and deliver().
  boost::asio::io_context context;
  AsyncIo io{nullptr, context.get_executor()};
  std::optional<Result<bool>> outcome;
  boost::asio::co_spawn(
      context,
      [&]() -> boost::asio::awaitable<void> { outcome.emplace(co_await processAsync(events, io)); },
      boost::asio::detached);
  context.run();
  return std::move(*outcome);
}

boost::asio::awaitable<Result<bool>> Processor::processAsync(const std::vector<QueuedEvent>& events,
                                                             AsyncIo& io) {
  co_await sendAsync(events, io);
  co_return co_await recordAsync();
}

boost::asio::awaitable<void> Processor::sendAsync(const std::vector<QueuedEvent>& events,
                                                  AsyncIo& io) {
  alerted_.clear();
  const int64_t now = deps_.clock.nowMs();
  std::vector<Ctx> all;
  all.reserve(events.size());
  for (const QueuedEvent& e : events) {
    all.push_back(Ctx{&e, e.attempts + 1, now, {}});
  }
  try {
    co_await run(all, io);
  } catch (const std::exception& e) {
    // An unexpected failure: what was decided before it is recorded; the rest is tried again
    // later, never in a tight loop.
    plog().error("[ev{}] processing failed: {}", events.front().id, e.what());
    for (const Ctx& c : all) {
      const bool settled = std::any_of(pending_.begin(), pending_.end(), [&c](const Pending& p) {
        return p.settlement.id == c.event->id;
      });
      if (!settled) {
        retry(c, kAfterInternalError, std::string("internal error: ") + e.what());
      }
    }
  }
}

std::string Processor::upstreamOf(const std::string& registrationId) {
  const Result<Registration> reg = deps_.registrations.findById(registrationId);
  MailReader* reader = reg.ok() ? readerFor(*reg) : nullptr;
  if (reader == nullptr) {
    return "";
  }
  reader->configure(deps_.settings.get(deps_.clock.nowMs()));
  const auto where = reader->upstreamFor(*reg);
  const std::string* upstream = std::get_if<std::string>(&where);
  return upstream != nullptr ? *upstream : "";
}

MailReader* Processor::readerFor(const Registration& reg) {
  for (auto& [source, reader] : readers_) {
    if (source->serves(reg)) {
      return reader.get();
    }
  }
  return nullptr;
}

boost::asio::awaitable<void> Processor::run(std::vector<Ctx>& all, AsyncIo& io) {
  const int64_t now = all.front().now;
  auto settings = deps_.settings.get(now);
  sinkUnusable_ = sink_->configure(settings);
  const Result<Registration> reg = deps_.registrations.findById(all.front().event->registrationId);
  if (!reg.ok() && reg.error().code() != StatusCode::kNotFound) {
    // The registration cannot be read now: tried again later, never in a tight loop.
    plog().error("[ev{}] processing failed: {}", all.front().event->id, reg.error().message());
    for (const Ctx& c : all) {
      retry(c, kAfterInternalError, "internal error: " + reg.error().message());
    }
    co_return;
  }
  if (!reg.ok() || reg->revokedAt) {
    for (const Ctx& c : all) {
      finish(c, EventState::kDropped, "revoked", "the registration was revoked");
    }
    co_return;
  }
  std::vector<Ctx*> live;
  for (Ctx& c : all) {
    if (c.now - c.event->eventTime > int64_t{settings->policy.maxAgeMinutes} * 60000) {
      finish(c, EventState::kExpired, "too-old",
             "older than " + std::to_string(settings->policy.maxAgeMinutes) +
                 " minutes when it could be processed");
    } else {
      live.push_back(&c);
    }
  }
  if (!live.empty()) {
    co_await readAndPush(*reg, *settings, std::move(live), io);
  }
}

boost::asio::awaitable<void> Processor::readAndPush(const Registration& reg,
                                                    const Settings& settings,
                                                    std::vector<Ctx*> live, AsyncIo& io) {
  const int64_t now = live.front()->now;
  MailReader* reader = readerFor(reg);
  if (reader == nullptr) {
    Failure f{
        FailureKind::kNotConfigured, "enp", "no mail system serves this registration", "", {}};
    for (Ctx* c : live) {
      fail(*c, f, "");
    }
    co_return;
  }
  reader->configure(deps_.settings.get(now));
  auto where = reader->upstreamFor(reg);
  if (const Failure* f = std::get_if<Failure>(&where)) {
    deps_.health.otherError("config", f->detail, f->advice, now);
    for (Ctx* c : live) {
      fail(*c, *f, "");
    }
    co_return;
  }
  const std::string upstream = std::get<std::string>(where);
  const UpstreamBreaker::Gate gate = deps_.gates.admit(upstream, now);
  if (gate.admit == UpstreamBreaker::Admit::kHold) {
    for (Ctx* c : live) {
      hold(*c, gate.untilMs, upstream);
    }
    co_return;
  }
  if (gate.admit == UpstreamBreaker::Admit::kProbe) {
    for (size_t i = 1; i < live.size(); ++i) {
      hold(*live[i], now + kAfterProbeMs, upstream);
    }
    live.resize(1);  // one request tells whether the upstream is back
  }
  std::vector<QueuedEvent> events;
  events.reserve(live.size());
  for (const Ctx* c : live) {
    events.push_back(*c->event);
  }
  // Plain statements around co_await: GCC 12 destroys a conditional's temporaries twice.
  ReadBatch batch;
  if (io.http != nullptr) {
    batch = co_await reader->readAsync(reg, events, io);
  } else {
    batch = reader->read(reg, events);
  }
  if (batch.failure) {
    deps_.health.upstreamError(upstream, batch.failure->detail, batch.failure->advice, now);
    const RetryDecision d = decideRetry(*batch.failure, 1, 0, deps_.retry);
    if (!d.upstreamDown) {
      deps_.gates.onSuccess(upstream, now);  // it answered: a probe is resolved
    }
    for (Ctx* c : live) {
      fail(*c, *batch.failure, upstream);
    }
    co_return;
  }
  bool upstreamProblem = false;
  for (const auto& item : batch.items) {
    if (const Failure* f = std::get_if<Failure>(&item)) {
      if (decideRetry(*f, 1, 0, deps_.retry).upstreamDown) {
        upstreamProblem = true;
        deps_.health.upstreamError(upstream, f->detail, f->advice, now);
      }
    }
  }
  if (!upstreamProblem) {
    deps_.gates.onSuccess(upstream, now);
    deps_.health.upstreamSuccess(upstream, now);
    if (deps_.alerts != nullptr) {
      deps_.alerts->onSuccess(upstream);
    }
  }
  Result<rules::Policy> policy = deps_.policies != nullptr
                                     ? deps_.policies->load(reg.policyJson)
                                     : loadPolicy(reg.policyJson, deps_.zones);
  std::string hoursNote;
  if (policy.ok()) {
    hoursNote = applyMailboxHours(reg, deps_.mailboxHours, &*policy);
  }
  std::vector<std::pair<Ctx*, const Mail*>> toPush;
  for (size_t i = 0; i < live.size(); ++i) {
    Ctx& c = *live[i];
    if (const Failure* f = std::get_if<Failure>(&batch.items[i])) {
      fail(c, *f, upstream);
    } else if (!policy.ok()) {
      finish(c, EventState::kDropped, "bad-policy",
             "the stored policy is invalid: " + policy.error().message());
    } else {
      toPush.emplace_back(&c, &std::get<Mail>(batch.items[i]));
    }
  }
  if (io.http == nullptr || toPush.size() < 2) {
    for (auto& [c, mail] : toPush) {
      if (stopping_.load()) {
        co_return;  // shutting down: the rest stays queued, what was pushed is recorded (flush)
      }
      co_await push(*c, reg, *policy, hoursNote, settings, *mail, io);
    }
    co_return;
  }
  // The mailbox was read once; its mails are pushed at once (CNS is not charged to the mailbox).
  // The children run on this coroutine's executor: one thread, so they share this object safely.
  const auto executor = co_await boost::asio::this_coro::executor;
  boost::asio::steady_timer allDone(executor, boost::asio::steady_timer::time_point::max());
  size_t next = 0;
  auto pushNext = [&]() -> boost::asio::awaitable<void> {
    while (next < toPush.size()) {
      const auto [c, mail] = toPush[next++];
      co_await push(*c, reg, *policy, hoursNote, settings, *mail, io);
    }
  };
  size_t running = std::min(toPush.size(), kPushesAtOnce);
  std::exception_ptr failed;
  for (size_t i = running; i > 0; --i) {
    boost::asio::co_spawn(executor, pushNext(), [&](std::exception_ptr e) {
      if (e && !failed) {
        failed = e;
      }
      if (--running == 0) {
        allDone.cancel();
      }
    });
  }
  if (running > 0) {
    boost::system::error_code ignored;  // operation_aborted: the last push ended
    auto token = boost::asio::redirect_error(boost::asio::use_awaitable, ignored);
    co_await allDone.async_wait(token);
  }
  if (failed) {
    std::rethrow_exception(failed);  // as a push that threw alone would (processAsync)
  }
}

boost::asio::awaitable<void> Processor::push(Ctx& c, const Registration& reg,
                                             const rules::Policy& policy,
                                             const std::string& hoursNote, const Settings& settings,
                                             const Mail& mail, AsyncIo& io) {
  if (stopping_.load()) {
    co_return;  // shutting down: it stays queued; what was pushed is recorded (flush)
  }
  const QueuedEvent& event = *c.event;
  c.now = deps_.clock.nowMs();  // when this item's push starts
  const rules::MailMeta meta = toMailMeta(mail);
  const auto at = std::chrono::system_clock::time_point(std::chrono::milliseconds(event.eventTime));
  c.decision = decideMail(policy, meta, at, deps_.zones);
  if (!hoursNote.empty()) {
    c.decision.reason += "; " + hoursNote;
  }
  plog().debug("[ev{}] from {} subject '{}'", event.id, meta.senderAddress, meta.subject);
  if (!c.decision.deliver) {
    finish(c, EventState::kSuppressed, rules::toString(c.decision.rule), c.decision.reason);
    co_return;
  }
  if (sinkUnusable_) {
    deps_.health.otherError(sink_->upstream(), sinkUnusable_->detail, sinkUnusable_->advice, c.now);
    fail(c, *sinkUnusable_, "");
    co_return;
  }
  const std::string upstream = sink_->upstream();
  const UpstreamBreaker::Gate gate = deps_.gates.admit(upstream, c.now);
  if (gate.admit == UpstreamBreaker::Admit::kHold) {
    hold(c, gate.untilMs, upstream);
    co_return;
  }
  PrivacyPolicy privacy;
  parsePrivacy(settings.policy.privacy, &privacy.privacy);
  privacy.snippetLength = static_cast<size_t>(settings.policy.snippetLength);
  Notification n{reg.deviceToken, makeJti(reg.mailbox, event.itemId, reg.deviceToken),
                 buildNotificationClaim(toPushMail(mail, event), policy.detailed, privacy)};
  const auto sentAt = deps_.clock.now();
  std::optional<Failure> failure;
  if (io.http != nullptr) {
    failure = co_await sink_->deliverAsync(n, sentAt, io);
  } else {
    failure = sink_->deliver(n, sentAt);
  }
  if (!failure) {
    deps_.gates.onSuccess(upstream, c.now);
    deps_.health.upstreamSuccess(upstream, c.now);
    if (deps_.alerts != nullptr) {
      deps_.alerts->onSuccess(upstream);
    }
    finish(c, EventState::kDelivered, rules::toString(c.decision.rule), c.decision.reason);
    co_return;
  }
  deps_.health.upstreamError(upstream,
                             failure->kind == FailureKind::kRefused
                                 ? "CNS refused a notification: " + failure->detail
                                 : failure->detail,
                             failure->advice, c.now);
  if (!decideRetry(*failure, 1, 0, deps_.retry).upstreamDown) {
    deps_.gates.onSuccess(upstream, c.now);  // it answered
  }
  fail(c, *failure, upstream);
}

}  // namespace enp
