#include "enp/source/ews/notify_handler.h"

#include "enp/common/log.h"
#include "enp/common/log_text.h"
#include "enp/common/secrets.h"
#include "enp/http/body_refusal.h"
#include "ews/date_time.h"
#include "ews/notification.h"

namespace enp {
namespace {

constexpr const char* kSoapContentType = "text/xml; charset=utf-8";
// An event time further from the arrival than this is not believed (see parseTimestampMs).
constexpr int64_t kMaxClockAheadMs = 60LL * 60 * 1000;
constexpr int64_t kMaxEventAgeMs = 30LL * 24 * 60 * 60 * 1000;

std::string shortId(const std::string& token) { return token.substr(0, 6); }

const std::string& resultBody(ews::SubscriptionStatus status) {
  static const std::string ok = ews::renderSendNotificationResult(ews::SubscriptionStatus::kOk);
  static const std::string unsubscribe =
      ews::renderSendNotificationResult(ews::SubscriptionStatus::kUnsubscribe);
  return status == ews::SubscriptionStatus::kOk ? ok : unsubscribe;
}

http::RawResponse refusal(const NotifyHandler::Deps& deps, const std::string& token, int status,
                          const std::string& reason, const std::string& detail) {
  deps.metrics.counter("enp_notify_requests_total{result=\"" + reason + "\"}").inc();
  log::get(log::Id::kHttp)
      .warn("[cb {}] notification refused ({}): {}", shortId(token), status, forLog(detail));
  return http::answerOf(status, "text/plain; charset=utf-8", detail + "\n");
}

// What a notification is answered once its write is over.
struct Persisted {
  bool supersededOnly = false;  // every subscription it was for is one ENP replaced
  std::string replaced;         // then the first of them, for the log
  int heartbeats = 0;
};

http::RawResponse answerPersisted(const NotifyHandler::Deps& deps, const std::string& token,
                                  const Persisted& p, const Status& persisted,
                                  const NotifyWrite& w) {
  if (!persisted.ok()) {
    return refusal(deps, token, 500, "persist_failed", "could not persist the notification");
  }
  if (p.supersededOnly) {
    // The items are queued (a mail is a mail); the subscription itself is ended.
    deps.counters.superseded.inc();
    log::get(log::Id::kHttp)
        .info("[reg {}] subscription {} was replaced: answering Unsubscribe", w.registrationId,
              forLog(p.replaced, 80));
    return http::answerOf(200, kSoapContentType, resultBody(ews::SubscriptionStatus::kUnsubscribe));
  }
  deps.counters.ok.inc();
  deps.counters.queued.inc(w.inserted);
  deps.counters.duplicates.inc(w.items.size() - static_cast<size_t>(w.inserted));
  deps.counters.heartbeats.inc(p.heartbeats);
  log::get(log::Id::kHttp)
      .debug("[reg {}] notification: {} new item(s), {} duplicate(s)", w.registrationId, w.inserted,
             w.items.size() - w.inserted);
  return http::answerOf(200, kSoapContentType, resultBody(ews::SubscriptionStatus::kOk));
}

}  // namespace

int64_t parseTimestampMs(const std::string& text, int64_t nowMs) {
  const std::optional<int64_t> at = ews::parseDateTimeMs(text);
  if (!at || *at > nowMs + kMaxClockAheadMs || *at < nowMs - kMaxEventAgeMs) {
    return nowMs;
  }
  return *at;
}

NotifyHandler::Counters::Counters(Metrics& m)
    : ok(m.counter("enp_notify_requests_total{result=\"ok\"}", "Exchange callbacks by result")),
      unsubscribe(m.counter("enp_notify_requests_total{result=\"unsubscribe\"}")),
      queued(m.counter("enp_events_queued_total", "New-mail items queued")),
      duplicates(m.counter("enp_events_duplicate_total", "Items already queued before")),
      heartbeats(m.counter("enp_heartbeats_total", "StatusEvents received")),
      gaps(m.counter("enp_watermark_gaps_total",
                     "Notifications that did not continue from the last watermark")),
      superseded(m.counter("enp_notify_requests_total{result=\"superseded\"}")) {}

http::RawResponse NotifyHandler::reject(int status, const std::string& reason,
                                        const std::string& detail) {
  return refusal(deps_, token_, status, reason, detail);
}

void NotifyHandler::handle(http::RawRequest req, Answer answer) {
  if (req.method != "POST") {
    http::RawResponse r = reject(405, "bad_method", "method " + req.method + " not allowed");
    r.headers.emplace_back("Allow", "POST");
    answer(std::move(r));
    return;
  }
  std::string type = http::mediaTypeOf(req);
  if (type != "text/xml" && type != "application/soap+xml") {
    answer(reject(415, "bad_content_type",
                  "expected text/xml, got '" + (type.empty() ? std::string("none") : type) + "'"));
    return;
  }
  // The listener read the body within its limits; what is left of one it gave up on is
  // discarded by its lingering close.
  if (const auto refused = http::bodyRefusal(req, deps_.maxBodyBytes, deps_.requestTimeout)) {
    http::RawResponse r = reject(refused->status, refused->reason, refused->detail);
    r.keepAlive = false;
    answer(std::move(r));
    return;
  }
  // The token first: an unknown or revoked one is answered without parsing what it sent, so a
  // made-up URL costs a hash and a look-up, never a parse.
  const Result<std::string> registrationId =
      deps_.registrations.activeIdByCallbackHash(sha256Hex(token_));
  if (!registrationId.ok() && registrationId.error().code() != StatusCode::kNotFound) {
    // Not an answer about the subscription: Exchange sends the notification again later.
    log::get(log::Id::kStore)
        .error("callback look-up failed: {}", registrationId.error().message());
    answer(reject(500, "lookup_failed", "could not look up the callback"));
    return;
  }
  if (!registrationId.ok()) {
    deps_.counters.unsubscribe.inc();
    log::get(log::Id::kHttp)
        .info("[cb {}] unknown or revoked callback: answering Unsubscribe", shortId(token_));
    answer(
        http::answerOf(200, kSoapContentType, resultBody(ews::SubscriptionStatus::kUnsubscribe)));
    return;
  }
  auto parsed = ews::parseSendNotification(req.body);
  if (!parsed.ok()) {
    answer(reject(400, "malformed", "not a SendNotification: " + parsed.error().message));
    return;
  }
  const int64_t now = deps_.clock.nowMs();
  auto writes = std::make_shared<std::vector<NotifyWrite>>(1);
  NotifyWrite* write = &writes->front();
  write->registrationId = *registrationId;
  write->nowMs = now;
  Persisted persisted;
  persisted.supersededOnly = !parsed->notifications.empty();
  for (const auto& n : parsed->notifications) {
    if (!deps_.book.superseded(*registrationId, n.subscriptionId)) {
      persisted.supersededOnly = false;
    }
    const std::string kept = deps_.book.kept(n.subscriptionId);
    if (!ews::continuesFrom(n, kept)) {
      deps_.counters.gaps.inc();
      log::get(log::Id::kHttp)
          .warn("[reg {}] subscription {}: notifications missed after watermark {}",
                *registrationId, forLog(n.subscriptionId, 80), forLog(kept, 80));
      // Renewed from before the gap when the subscription is ENP's (no-op otherwise).
      (void)deps_.subscriptions.markGap(*registrationId, kept);
    }
    deps_.book.keep(n.subscriptionId, ews::lastWatermark(n));
    write->subscriptionId = n.subscriptionId;
    for (const auto& e : n.events) {
      if (!e.watermark.empty()) {
        write->watermark = e.watermark;
      }
      if (e.type == ews::EventType::kStatus) {
        ++persisted.heartbeats;
      } else if (e.type == ews::EventType::kNewMail && !e.itemId.empty()) {
        // NewMailEvent alone means "a message arrived"; CreatedEvent also fires for drafts,
        // moves and copies, so it never queues a push.
        write->items.push_back({e.itemId, e.parentFolderId, n.subscriptionId, e.watermark,
                                parseTimestampMs(e.timeStamp, now)});
      }
    }
  }
  for (const auto& err : parsed->errors) {
    log::get(log::Id::kHttp)
        .warn("[reg {}] Exchange reported {} for subscription {}", *registrationId,
              err.responseCode, err.subscriptionId);
  }
  if (persisted.supersededOnly) {
    persisted.replaced = parsed->notifications.front().subscriptionId;
  }
  // Answered once the commit is over: OK only for what is durable. This handler is gone by
  // then; the answer holds what it needs.
  deps_.events.persistAsync(
      std::move(writes),
      [deps = deps_, token = token_, persisted = std::move(persisted), answer = std::move(answer)](
          Status status, const std::vector<NotifyWrite>& w) {
        answer(answerPersisted(deps, token, persisted, status, w.front()));
      });
}

}  // namespace enp
