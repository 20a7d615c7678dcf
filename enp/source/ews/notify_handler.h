#pragma once

#include <memory>
#include <string>

#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/http/async_handler.h"
#include "enp/source/ews/subscription_book.h"
#include "enp/store/event_store.h"
#include "enp/store/registration_store.h"

namespace enp {

/// POST /ews/notify/{token}: Exchange's push callback (SOAP SendNotification).
/// Checks the token (Unsubscribe for an unknown or revoked one, without parsing), then parses,
/// queues each NewMailEvent item of the registration (deduplicated), refreshes the
/// subscription's last-seen on any notification (heartbeats included), and answers OK only
/// after the commit; Unsubscribe for an unknown or revoked token, and for a subscription ENP
/// replaced by its own (SubscriptionBook::superseded); 500 when the token cannot be looked up or
/// nothing could be persisted (so Exchange retries). Bad input gets 400/405/413/415, a counter
/// and a log line without mail content. A notification that does not continue from the last
/// watermark kept for its subscription is a gap: counted, logged, and for a subscription ENP
/// keeps, the record is marked so that the keeper renews it from the watermark before the gap
/// (Exchange replays). The answer waits for the group commit without holding a thread
/// (EventStore::persistAsync).
class NotifyHandler : public http::AsyncHandler {
 public:
  /// The hot path's counters, looked up once (Metrics::counter takes a lock and a map look-up).
  struct Counters {
    explicit Counters(Metrics& m);
    Counter& ok;
    Counter& unsubscribe;
    Counter& queued;
    Counter& duplicates;
    Counter& heartbeats;
    Counter& gaps;
    Counter& superseded;
  };
  struct Deps {
    RegistrationStore& registrations;
    EventStore& events;
    Metrics& metrics;
    const Counters& counters;
    const Clock& clock;
    SubscriptionBook& book;
    SubscriptionStore& subscriptions;
    size_t maxBodyBytes;                       ///< The listener's: for the 413 answer.
    std::chrono::milliseconds requestTimeout;  ///< The listener's: for the 408 answer.
  };
  NotifyHandler(std::string token, Deps deps) : token_(std::move(token)), deps_(deps) {}

  void handle(http::RawRequest request, Answer answer) override;

 private:
  http::RawResponse reject(int status, const std::string& reason, const std::string& detail);

  const std::string token_;
  Deps deps_;
};

/// An event's TimeStamp (xs:dateTime, ews::parseDateTimeMs) as ms since the epoch. The arrival
/// time `nowMs` instead when it does not parse or is implausible: more than an hour ahead of
/// ENP's clock, or more than 30 days behind it (a garbage or zeroed date must not expire the
/// mail; a real one hours old still does).
int64_t parseTimestampMs(const std::string& text, int64_t nowMs);

}  // namespace enp
