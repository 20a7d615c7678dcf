#pragma once

// Exchange's push subscriptions: created by Subscribe, each one POSTs SendNotification to its
// URL with the mailbox's new events, or a StatusEvent heartbeat when StatusFrequency minutes pass
// without one; PreviousWatermark and Watermark chain from one notification to the next. An
// unanswered notification is retried on Exchange's schedule (30 s, doubling, while the delay
// fits in StatusFrequency; MSDOCS statusfrequency.md); when the retries are used up the
// subscription dies and nothing more is sent. An Unsubscribe answer ends it too. A "minute" is
// configurable so tests run in milliseconds.
//
// Thread safety: every public method may be called from any thread. Each subscription pushes
// from a thread of its own; no lock is held while a notification is in flight.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "mailbox_events.h"
#include "notification_pusher.h"

namespace fakes {

struct PushEngineOptions {
  /// One Exchange minute: StatusFrequency and the retry schedule (1/60 of it is a "second")
  /// scale with it. Real minutes by default; tests use tens of milliseconds.
  std::chrono::milliseconds minuteLength{60000};
  std::chrono::milliseconds requestTimeout{10000};  ///< Per POST.
  size_t eventsKeptPerMailbox = 1000;    ///< The event table window (older watermarks invalid).
  size_t maxEventsPerNotification = 50;  ///< More pending: MoreEvents=true, then another POST.
  std::string caFile;                    ///< https callbacks: CA bundle; empty = no verification.
  std::string requestServerVersion = "Exchange2016";  ///< In every notification's header.
};

struct SubscribeOrder {
  std::string mailbox;  ///< Lower-case SMTP address.
  std::string url;
  int statusFrequencyMinutes = 30;
  std::set<EventType> types;  ///< kNewMail, kCreated, ... (others are not generated).
  std::string watermark;      ///< Empty: from now.
};

struct SubscribeOutcome {
  std::string errorCode;  ///< Empty on success, else e.g. "ErrorInvalidWatermark".
  std::string subscriptionId;
  std::string watermark;  ///< Where the subscription starts.
};

struct SubscriptionInfo {
  enum class State { kActive, kUnsubscribed, kDied, kDropped };
  std::string id;
  std::string mailbox;
  std::string url;
  int statusFrequencyMinutes = 0;
  State state = State::kActive;
  std::string lastWatermark;   ///< Of the last notification the callback acknowledged.
  uint64_t notifications = 0;  ///< Acknowledged notifications, heartbeats included.
  uint64_t heartbeats = 0;
  uint64_t failedAttempts = 0;  ///< POSTs without a usable answer.
};
const char* toString(SubscriptionInfo::State state);

/// One notification as sent (for tests to check the chaining).
struct SentNotification {
  std::string subscriptionId;
  std::string previousWatermark;
  std::vector<EventType> types;
  std::vector<std::string> watermarks;  ///< Per event.
  std::vector<std::string> itemIds;     ///< Per event ("" for StatusEvent).
  bool moreEvents = false;
  PushOutcome::Status outcome = PushOutcome::Status::kFailed;
  int attempts = 0;
};

struct PushCounters {
  uint64_t subscribed = 0;
  uint64_t notifications = 0;  ///< Acknowledged (OK) notifications, heartbeats included.
  uint64_t heartbeats = 0;     ///< Acknowledged StatusEvent notifications.
  uint64_t events = 0;         ///< Events in acknowledged notifications.
  uint64_t failedAttempts = 0;
  uint64_t died = 0;          ///< Subscriptions that ran out of retries.
  uint64_t unsubscribed = 0;  ///< Ended by an Unsubscribe answer.
};

class PushEngine {
 public:
  explicit PushEngine(PushEngineOptions options);
  ~PushEngine();  ///< Stops every subscription and joins its thread.
  PushEngine(const PushEngine&) = delete;
  PushEngine& operator=(const PushEngine&) = delete;

  /// Creates a subscription (ErrorInvalidWatermark when order.watermark is not in the mailbox's
  /// table) and starts pushing: at once when events follow the watermark, else a heartbeat after
  /// StatusFrequency.
  SubscribeOutcome subscribe(const SubscribeOrder& order);

  /// A message arrived in the mailbox's Inbox: CreatedEvent and NewMailEvent, time-stamped.
  void newMail(const std::string& mailbox, const std::string& itemId, const std::string& timeStamp);

  /// Forgets the mailbox's event table: its old watermarks become invalid.
  void forgetEvents(const std::string& mailbox);
  void setEventsKeptPerMailbox(size_t kept);

  /// Ends one subscription without telling anyone (as if Exchange lost it); false if unknown.
  bool drop(const std::string& subscriptionId);

  /// A restart of Exchange's notification service: every subscription is forgotten and pushing
  /// stops (returns once no push is in flight). Event tables survive, as the mailbox database
  /// does, so a Subscribe with a recent watermark still replays.
  void restart();

  std::vector<SubscriptionInfo> subscriptions() const;
  std::vector<SentNotification> sent() const;  ///< Newest last; at most 10,000 kept.
  PushCounters counters() const;

  /// Waits until done(counters()) holds; false on timeout.
  bool waitFor(const std::function<bool(const PushCounters&)>& done,
               std::chrono::milliseconds timeout) const;

 private:
  struct Sub;
  void run(const std::shared_ptr<Sub>& sub);
  // Sends one notification with Exchange's retries; false when the subscription ended.
  bool deliver(const std::shared_ptr<Sub>& sub, std::unique_lock<std::mutex>& lock);
  void stopAll(std::unique_lock<std::mutex>& lock);

  // Constant after construction
  const PushEngineOptions options_;

  // State below is protected by mutex_
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  MailboxEvents events_;
  std::vector<std::shared_ptr<Sub>> subs_;
  std::deque<SentNotification> sent_;
  PushCounters counters_;
  uint64_t nextId_ = 1;
  std::vector<std::thread> threads_;
};

}  // namespace fakes
