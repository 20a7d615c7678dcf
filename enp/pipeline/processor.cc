#include "enp/pipeline/processor.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>

#include "enp/common/log.h"
#include "enp/decide/policy_json.h"
#include "enp/source/ews/ews_check.h"
#include "enp/decide/backoff.h"
#include "enp/sink/jti.h"
#include "enp/sink/payload.h"
#include "rules/engine.h"

namespace enp {
namespace {

constexpr int64_t kAlertRetryMs = 5 * 60 * 1000;
constexpr int64_t kMinBusyBackoffMs = 1000;

auto& plog() { return log::get(log::Id::kPipeline); }

bool isAuthProblem(const ews::Error& e) {
  return e.code == "ErrorImpersonateUserDenied" || e.code == "ErrorImpersonationDenied" ||
         e.code == "ErrorImpersonationFailed" || e.code == "ErrorAccessDenied" ||
         (e.kind == ews::ErrorKind::kHttp && (e.httpStatus == 401 || e.httpStatus == 403));
}

}  // namespace

struct Processor::Ctx {
  const QueuedEvent& event;
  int attempts;  ///< Including this one.
  int64_t now;
  rules::Decision decision;
};

void Processor::alert(const std::string& kind, const std::string& message) {
  const std::string key = kind + '\n' + message;
  if (std::find(alerted_.begin(), alerted_.end(), key) != alerted_.end()) {
    return;
  }
  alerted_.push_back(key);
  deps_.metrics.counter("enp_alerts_total{kind=\"" + kind + "\"}").inc();
  plog().error("ALERT {}: {}", kind, message);
}

void Processor::finish(const Ctx& c, const std::string& state, const std::string& rule,
                       const std::string& reason) {
  pending_.push_back({{c.event.id, state, state == "delivered" ? "" : reason, c.attempts, c.now},
                      DecisionRecord{c.event.registrationId, c.event.itemId, c.now, state, rule,
                                     reason, c.decision.localTime, c.decision.zone},
                      0});
}

void Processor::retry(const Ctx& c, int64_t delayMs, const std::string& error) {
  pending_.push_back({{c.event.id, "queued", error, c.attempts, c.now + delayMs}, {}, delayMs});
}

bool Processor::flush() {
  bool rescheduled = false;
  std::vector<Pending> pending;
  pending.swap(pending_);
  std::vector<Settlement> settlements;
  for (const Pending& p : pending) {
    settlements.push_back(p.settlement);
  }
  deps_.events.settle(settlements, [&](size_t i) {
    if (pending[i].decision) {
      deps_.decisions.writeIn(*pending[i].decision);
    }
  });
  for (const Pending& p : pending) {
    const Settlement& s = p.settlement;
    if (!p.decision) {
      rescheduled = true;
      deps_.metrics.counter("enp_events_retried_total").inc();
      plog().warn("[ev{}] attempt {} failed, retry in {} ms: {}", s.id, s.attempts, p.delayMs,
                  s.error);
      continue;
    }
    deps_.metrics.counter("enp_events_finished_total{state=\"" + s.state + "\"}").inc();
    deps_.health.count(s.state == "delivered"    ? Outcome::kDelivered
                       : s.state == "suppressed" ? Outcome::kSuppressed
                                                 : Outcome::kFailed,
                       s.atMs);
    plog().info("[ev{}] {}: {}", s.id, s.state, p.decision->reason);
  }
  return rescheduled;
}

/// Returns true when the error was handled (the event is finished or rescheduled).
bool Processor::handleEwsError(const Ctx& c, const ews::Error& e) {
  deps_.metrics.counter(std::string("enp_ews_errors_total{kind=\"") + ews::toString(e.kind) + "\"}")
      .inc();
  const std::string what = e.describe();
  if (e.isServerBusy()) {
    retry(c, std::max<int64_t>(e.backOffMilliseconds, kMinBusyBackoffMs), what);
  } else if (e.code == "ErrorItemNotFound") {
    finish(c, "dropped", "item-gone", "the mail was gone from the mailbox before ENP read it");
  } else if (e.code.rfind("ErrorInvalidId", 0) == 0) {
    finish(c, "dropped", "bad-item-id", "Exchange rejected the item id: " + e.code);
  } else if (e.code == "ErrorNonExistentMailbox") {
    alert("mailbox", "Exchange says the mailbox of registration " + c.event.registrationId +
                         " does not exist: " + what);
    finish(c, "dropped", "no-mailbox", "Exchange reports no such mailbox");
  } else if (isAuthProblem(e)) {
    alert("exchange-auth",
          "the service account cannot read the mailbox (check its password and the "
          "ApplicationImpersonation role): " +
              what);
    retry(c, kAlertRetryMs, what);
  } else {
    retry(c, backoffDelay(c.attempts, {std::chrono::seconds(2), std::chrono::minutes(5)}).count(),
          what);
  }
  return true;
}

bool Processor::process(const std::vector<QueuedEvent>& events) {
  try {
    run(events);
  } catch (...) {
    flush();  // what was pushed before the failure is recorded as such
    throw;
  }
  return flush();
}

void Processor::run(const std::vector<QueuedEvent>& events) {
  alerted_.clear();
  const int64_t now = deps_.clock.nowMs();
  std::vector<Ctx> all;
  all.reserve(events.size());
  for (const QueuedEvent& e : events) {
    all.push_back(Ctx{e, e.attempts + 1, now, {}});
  }
  auto settings = deps_.settings.get(now);
  context_.update(settings);
  auto reg = deps_.registrations.findById(events.front().registrationId);
  if (!reg || reg->revokedAt) {
    for (const Ctx& c : all) {
      finish(c, "dropped", "revoked", "the registration was revoked");
    }
    return;
  }
  std::vector<Ctx*> live;
  for (Ctx& c : all) {
    if (c.now - c.event.eventTime > int64_t{settings->policy.maxAgeMinutes} * 60000) {
      finish(c, "expired", "too-old",
             "older than " + std::to_string(settings->policy.maxAgeMinutes) +
                 " minutes when it could be processed");
    } else {
      live.push_back(&c);
    }
  }
  if (live.empty()) {
    return;
  }
  const ExchangeServer* server = settings->serverFor(reg->mailbox);
  if (server == nullptr) {
    alert("config", "no Exchange server serves " + reg->mailbox);
    deps_.health.otherError("config", "no Exchange server serves " + reg->mailbox,
                            "add an Exchange server for this mail domain (or one without domains)",
                            now);
    for (Ctx* c : live) {
      retry(*c, kAlertRetryMs, "no Exchange server configured for the mailbox's domain");
    }
    return;
  }
  std::vector<std::string> ids;
  for (const Ctx* c : live) {
    ids.push_back(c->event.itemId);
  }
  auto fetched = context_.ews(*server).getItems(reg->mailbox, ids);
  if (!fetched.ok()) {
    deps_.health.exchangeError(server->name, fetched.error().describe(),
                               explainEwsError(fetched.error()), now);
    for (Ctx* c : live) {
      handleEwsError(*c, fetched.error());
    }
    return;
  }
  if (fetched->size() != live.size()) {
    // Exchange answers one message per id, in order; anything else cannot be matched up.
    for (Ctx* c : live) {
      retry(*c, kAlertRetryMs,
            "GetItem answered " + std::to_string(fetched->size()) + " item(s) for " +
                std::to_string(live.size()) + " id(s)");
    }
    return;
  }
  bool authProblem = false;
  for (const ews::ItemResult& item : *fetched) {
    if (!item.ok() && isAuthProblem(item.error)) {
      authProblem = true;
      deps_.health.exchangeError(server->name, item.error.describe(), explainEwsError(item.error),
                                 now);
    }
  }
  if (!authProblem) {
    deps_.health.exchangeSuccess(server->name, now);
  }
  rules::Policy policy;
  std::string error;
  Poco::JSON::Parser parser;
  auto policyObj = parser.parse(reg->policyJson).extract<Poco::JSON::Object::Ptr>();
  const bool policyOk = policyFromJson(*policyObj, deps_.zones, &policy, &error);
  for (size_t i = 0; i < live.size(); ++i) {
    if (stopping_.load()) {
      return;  // shutting down: the rest stays queued, what was pushed is recorded (flush)
    }
    Ctx& c = *live[i];
    const ews::ItemResult& item = (*fetched)[i];
    if (!item.ok()) {
      handleEwsError(c, item.error);
    } else if (!policyOk) {
      finish(c, "dropped", "bad-policy", "the stored policy is invalid: " + error);
    } else {
      deliver(c, *reg, policy, *settings, item.item);
    }
  }
}

void Processor::deliver(Ctx& c, const Registration& reg, const rules::Policy& policy,
                        const Settings& settings, const ews::MailItem& m) {
  const QueuedEvent& event = c.event;
  c.now = deps_.clock.nowMs();  // the items of a batch are pushed one after the other
  rules::MailMeta meta{m.smtpAddress(), m.from.name,  m.subject,  m.preview,
                       m.received,      m.importance, m.itemClass};
  auto at = std::chrono::system_clock::time_point(std::chrono::milliseconds(event.eventTime));
  c.decision = rules::decide(policy, meta, at, deps_.zones);
  plog().debug("[ev{}] from {} subject '{}'", event.id, meta.senderAddress, meta.subject);
  if (!c.decision.deliver) {
    finish(c, "suppressed", rules::toString(c.decision.rule), c.decision.reason);
    return;
  }
  std::string error;
  CnsSink* sink = context_.cns(&error);
  if (sink == nullptr) {
    alert("config", error);
    deps_.health.otherError("cns", error, "complete the CNS settings (URL, token, signing key)",
                            c.now);
    retry(c, kAlertRetryMs, error);
    return;
  }
  PrivacyPolicy privacy;
  parsePrivacy(settings.policy.privacy, &privacy.privacy);
  privacy.snippetLength = static_cast<size_t>(settings.policy.snippetLength);
  PushMail mail{m.itemId,  event.folderId, m.from.name,  meta.senderAddress, m.subject,
                m.preview, m.received,     m.importance, m.meeting};
  auto claim = buildNotificationClaim(mail, policy.detailed, privacy);
  auto result = sink->deliver(reg.deviceToken, makeJti(reg.mailbox, event.itemId, reg.deviceToken),
                              claim, deps_.clock.now());
  switch (result.outcome) {
    case SinkResult::Outcome::kDelivered:
      deps_.health.cnsSuccess(c.now);
      finish(c, "delivered", rules::toString(c.decision.rule), c.decision.reason);
      break;
    case SinkResult::Outcome::kRetry: {
      int64_t delay = result.retryAfter.count() > 0 ? result.retryAfter.count()
                                                    : backoffDelay(c.attempts).count();
      deps_.metrics.counter("enp_cns_errors_total{outcome=\"retry\"}").inc();
      deps_.health.cnsError("CNS: " + result.detail,
                            "ENP retries with backoff; if it persists, check the CNS URL and the "
                            "network path to it",
                            c.now);
      retry(c, delay, "CNS: " + result.detail);
      break;
    }
    case SinkResult::Outcome::kDeadLetter:
      deps_.metrics.counter("enp_cns_errors_total{outcome=\"dead\"}").inc();
      deps_.health.cnsError("CNS refused a notification: " + result.detail,
                            result.httpStatus == 401 || result.httpStatus == 403
                                ? "check the CNS token, organisation id and signing key (Send "
                                  "test on the CNS page)"
                                : "check the CNS settings (Send test on the CNS page)",
                            c.now);
      alert("cns", "CNS refused a notification: " + result.detail);
      finish(c, "dead", "cns-refused", "CNS refused it: " + result.detail);
      break;
  }
}

}  // namespace enp
