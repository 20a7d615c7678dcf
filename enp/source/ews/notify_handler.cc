#include "enp/source/ews/notify_handler.h"

#include "enp/common/log.h"
#include "enp/common/log_text.h"
#include "enp/common/secrets.h"
#include "enp/http/http_util.h"
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

void NotifyHandler::reject(Poco::Net::HTTPServerResponse& resp, int status,
                           const std::string& reason, const std::string& detail) {
  deps_.metrics.counter("enp_notify_requests_total{result=\"" + reason + "\"}").inc();
  log::get(log::Id::kHttp)
      .warn("[cb {}] notification refused ({}): {}", shortId(token_), status, forLog(detail));
  http::send(resp, status, "text/plain; charset=utf-8", detail + "\n");
}

void NotifyHandler::handleRequest(Poco::Net::HTTPServerRequest& req,
                                  Poco::Net::HTTPServerResponse& resp) {
  if (req.getMethod() != "POST") {
    resp.set("Allow", "POST");
    reject(resp, 405, "bad_method", "method " + req.getMethod() + " not allowed");
    return;
  }
  std::string type = http::mediaType(req);
  if (type != "text/xml" && type != "application/soap+xml") {
    reject(resp, 415, "bad_content_type",
           "expected text/xml, got '" + (type.empty() ? std::string("none") : type) + "'");
    return;
  }
  std::string body;
  switch (http::readBody(req, deps_.maxBodyBytes, &body, deps_.requestTimeout)) {
    case http::BodyStatus::kTooLarge:
      resp.setKeepAlive(false);
      reject(resp, 413, "too_large",
             "body larger than " + std::to_string(deps_.maxBodyBytes) + " bytes");
      http::lingeringClose(req, resp);
      return;
    case http::BodyStatus::kTooSlow:
      resp.setKeepAlive(false);
      reject(resp, 408, "too_slow",
             "body not received within " + std::to_string(deps_.requestTimeout.count()) + " ms");
      http::lingeringClose(req, resp);
      return;
    case http::BodyStatus::kReadError:
      reject(resp, 400, "read_error", "could not read the body");
      return;
    case http::BodyStatus::kOk:
      break;
  }
  // The token first: an unknown or revoked one is answered without parsing what it sent, so a
  // made-up URL costs a hash and a look-up, never a parse.
  const Result<std::string> registrationId =
      deps_.registrations.activeIdByCallbackHash(sha256Hex(token_));
  if (!registrationId.ok() && registrationId.error().code() != StatusCode::kNotFound) {
    // Not an answer about the subscription: Exchange sends the notification again later.
    log::get(log::Id::kStore)
        .error("callback look-up failed: {}", registrationId.error().message());
    reject(resp, 500, "lookup_failed", "could not look up the callback");
    return;
  }
  if (!registrationId.ok()) {
    deps_.counters.unsubscribe.inc();
    log::get(log::Id::kHttp)
        .info("[cb {}] unknown or revoked callback: answering Unsubscribe", shortId(token_));
    http::send(resp, 200, kSoapContentType, resultBody(ews::SubscriptionStatus::kUnsubscribe));
    return;
  }
  auto parsed = ews::parseSendNotification(body);
  if (!parsed.ok()) {
    reject(resp, 400, "malformed", "not a SendNotification: " + parsed.error().message);
    return;
  }
  const int64_t now = deps_.clock.nowMs();
  NotifyWrite write;
  write.registrationId = *registrationId;
  write.nowMs = now;
  int heartbeats = 0;
  bool supersededOnly = !parsed->notifications.empty();
  for (const auto& n : parsed->notifications) {
    if (!deps_.book.superseded(*registrationId, n.subscriptionId)) {
      supersededOnly = false;
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
    write.subscriptionId = n.subscriptionId;
    for (const auto& e : n.events) {
      if (!e.watermark.empty()) {
        write.watermark = e.watermark;
      }
      if (e.type == ews::EventType::kStatus) {
        ++heartbeats;
      } else if (e.type == ews::EventType::kNewMail && !e.itemId.empty()) {
        // NewMailEvent alone means "a message arrived"; CreatedEvent also fires for drafts,
        // moves and copies, so it never queues a push.
        write.items.push_back({e.itemId, e.parentFolderId, n.subscriptionId, e.watermark,
                               parseTimestampMs(e.timeStamp, now)});
      }
    }
  }
  for (const auto& err : parsed->errors) {
    log::get(log::Id::kHttp)
        .warn("[reg {}] Exchange reported {} for subscription {}", *registrationId,
              err.responseCode, err.subscriptionId);
  }
  if (!deps_.events.persist(write).ok()) {
    reject(resp, 500, "persist_failed", "could not persist the notification");
    return;
  }
  if (supersededOnly) {
    // The items are queued (a mail is a mail); the subscription itself is ended.
    deps_.counters.superseded.inc();
    log::get(log::Id::kHttp)
        .info("[reg {}] subscription {} was replaced: answering Unsubscribe", *registrationId,
              forLog(parsed->notifications.front().subscriptionId, 80));
    http::send(resp, 200, kSoapContentType, resultBody(ews::SubscriptionStatus::kUnsubscribe));
    return;
  }
  deps_.counters.ok.inc();
  deps_.counters.queued.inc(write.inserted);
  deps_.counters.duplicates.inc(write.items.size() - static_cast<size_t>(write.inserted));
  deps_.counters.heartbeats.inc(heartbeats);
  log::get(log::Id::kHttp)
      .debug("[reg {}] notification: {} new item(s), {} duplicate(s)", *registrationId,
             write.inserted, write.items.size() - write.inserted);
  http::send(resp, 200, kSoapContentType, resultBody(ews::SubscriptionStatus::kOk));
}

}  // namespace enp
