#include "push_subscriptions.h"

#include <cstdint>
#include <utility>

namespace fakes {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kSentKept = 10000;

// Exchange ids look like base64 and differ for every Subscribe. The counter is in the last bytes
// of makeItemId's 112 (characters 138-149 of its 152): characters 40-79 are its constant filler,
// which gave every subscription of every mailbox the same id.
std::string subscriptionIdFor(uint64_t n) { return "Fk" + makeItemId(n).substr(100); }

}  // namespace

const char* toString(SubscriptionInfo::State state) {
  switch (state) {
    case SubscriptionInfo::State::kActive:
      return "active";
    case SubscriptionInfo::State::kUnsubscribed:
      return "unsubscribed";
    case SubscriptionInfo::State::kDied:
      return "died";
    case SubscriptionInfo::State::kDropped:
      return "dropped";
  }
  return "active";
}

struct PushEngine::Sub {
  SubscriptionInfo info;
  std::set<EventType> types;
  uint64_t cursor = 0;            // Sequence of the last event acknowledged (or skipped).
  std::string previousWatermark;  // Watermark of the last acknowledged notification.
  Clock::time_point heartbeatDue;
  bool cancelled = false;
};

PushEngine::PushEngine(PushEngineOptions options)
    : options_(std::move(options)), events_(options_.eventsKeptPerMailbox) {}

PushEngine::~PushEngine() {
  std::unique_lock lock(mutex_);
  stopAll(lock);
}

SubscribeOutcome PushEngine::subscribe(const SubscribeOrder& order) {
  SubscribeOutcome outcome;
  auto sub = std::make_shared<Sub>();
  {
    std::lock_guard lock(mutex_);
    if (order.watermark.empty()) {
      const LoggedEvent& head = events_.head(order.mailbox);
      sub->cursor = head.sequence;
      sub->previousWatermark = head.watermark;
    } else if (const auto sequence = events_.find(order.mailbox, order.watermark)) {
      sub->cursor = *sequence;
      sub->previousWatermark = order.watermark;
    } else {
      outcome.errorCode = "ErrorInvalidWatermark";
      return outcome;
    }
    sub->info.id = subscriptionIdFor(nextId_++);
    sub->info.mailbox = order.mailbox;
    sub->info.url = order.url;
    sub->info.statusFrequencyMinutes = order.statusFrequencyMinutes;
    sub->info.lastWatermark = sub->previousWatermark;
    sub->types = order.types;
    sub->heartbeatDue = Clock::now() + options_.minuteLength * order.statusFrequencyMinutes;
    subs_.push_back(sub);
    ++counters_.subscribed;
    outcome.subscriptionId = sub->info.id;
    outcome.watermark = sub->previousWatermark;
    threads_.emplace_back([this, sub] { run(sub); });
  }
  changed_.notify_all();
  return outcome;
}

void PushEngine::newMail(const std::string& mailbox, const std::string& itemId,
                         const std::string& timeStamp) {
  {
    std::lock_guard lock(mutex_);
    events_.append(mailbox, EventType::kCreated, itemId, timeStamp);
    events_.append(mailbox, EventType::kNewMail, itemId, timeStamp);
  }
  changed_.notify_all();
}

void PushEngine::forgetEvents(const std::string& mailbox) {
  std::lock_guard lock(mutex_);
  events_.forget(mailbox);
}

void PushEngine::setEventsKeptPerMailbox(size_t kept) {
  std::lock_guard lock(mutex_);
  events_.setKeptPerMailbox(kept);
}

bool PushEngine::drop(const std::string& subscriptionId) {
  bool found = false;
  {
    std::lock_guard lock(mutex_);
    for (const auto& sub : subs_) {
      if (sub->info.id == subscriptionId && sub->info.state == SubscriptionInfo::State::kActive) {
        sub->cancelled = true;
        sub->info.state = SubscriptionInfo::State::kDropped;
        found = true;
      }
    }
  }
  changed_.notify_all();
  return found;
}

void PushEngine::stopAll(std::unique_lock<std::mutex>& lock) {
  for (const auto& sub : subs_) {
    sub->cancelled = true;
  }
  std::vector<std::thread> threads = std::move(threads_);
  threads_.clear();
  lock.unlock();
  changed_.notify_all();
  for (std::thread& t : threads) {
    t.join();
  }
  lock.lock();
}

void PushEngine::restart() {
  std::unique_lock lock(mutex_);
  stopAll(lock);
  subs_.clear();
}

std::vector<SubscriptionInfo> PushEngine::subscriptions() const {
  std::lock_guard lock(mutex_);
  std::vector<SubscriptionInfo> out;
  for (const auto& sub : subs_) {
    out.push_back(sub->info);
  }
  return out;
}

std::vector<SentNotification> PushEngine::sent() const {
  std::lock_guard lock(mutex_);
  return {sent_.begin(), sent_.end()};
}

PushCounters PushEngine::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

bool PushEngine::waitFor(const std::function<bool(const PushCounters&)>& done,
                         std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return done(counters_); });
}

void PushEngine::run(const std::shared_ptr<Sub>& sub) {
  std::unique_lock lock(mutex_);
  while (!sub->cancelled) {
    const auto pending = [&] {
      for (const LoggedEvent& e : events_.after(sub->info.mailbox, sub->cursor, SIZE_MAX)) {
        if (sub->types.contains(e.type)) {
          return true;
        }
      }
      return false;
    };
    changed_.wait_until(lock, sub->heartbeatDue, [&] { return sub->cancelled || pending(); });
    if (sub->cancelled) {
      break;
    }
    if (!pending() && Clock::now() < sub->heartbeatDue) {
      continue;  // Woken early for an event of a type this subscription does not take.
    }
    if (!deliver(sub, lock)) {
      break;
    }
  }
}

bool PushEngine::deliver(const std::shared_ptr<Sub>& sub, std::unique_lock<std::mutex>& lock) {
  Notification n;
  n.requestServerVersion = options_.requestServerVersion;
  n.subscriptionId = sub->info.id;
  n.previousWatermark = sub->previousWatermark;
  uint64_t cursor = sub->cursor;
  for (const LoggedEvent& e : events_.after(sub->info.mailbox, sub->cursor, SIZE_MAX)) {
    if (!sub->types.contains(e.type)) {
      if (n.events.empty()) {
        cursor = e.sequence;  // Nothing this subscription takes before it: skip it.
      }
      continue;
    }
    if (n.events.size() == options_.maxEventsPerNotification) {
      n.moreEvents = true;
      break;
    }
    NotificationEvent ev;
    ev.type = e.type;
    ev.watermark = e.watermark;
    ev.timeStamp = e.timeStamp;
    ev.itemId = e.itemId;
    ev.parentFolderId = "AAMkADInbox=";
    n.events.push_back(std::move(ev));
    cursor = e.sequence;
  }
  const bool heartbeat = n.events.empty();
  if (heartbeat) {
    const LoggedEvent& head = events_.head(sub->info.mailbox);
    n.events.push_back(statusEvent(head.watermark));
    cursor = head.sequence;
  }
  SentNotification record;
  record.subscriptionId = n.subscriptionId;
  record.previousWatermark = n.previousWatermark;
  record.moreEvents = n.moreEvents;
  for (const NotificationEvent& e : n.events) {
    record.types.push_back(e.type);
    record.watermarks.push_back(e.watermark);
    record.itemIds.push_back(e.itemId);
  }
  const std::string xml = buildSendNotification(n);
  const std::string url = sub->info.url;
  const int frequency = sub->info.statusFrequencyMinutes;

  PushOptions push;
  push.requestTimeout = options_.requestTimeout;
  push.caFile = options_.caFile;
  // MSDOCS statusfrequency.md: retries 30 s after the first attempt, then at 60 s, 120 s, ...
  // (the table's times count from the first attempt), while that time is within StatusFrequency.
  const std::vector<int> delays = exchangeRetryDelays(frequency);
  const Clock::time_point firstAttempt = Clock::now();
  PushOutcome outcome;
  for (size_t attempt = 0;; ++attempt) {
    lock.unlock();
    outcome = pushOnce(url, xml, push);
    lock.lock();
    record.attempts = static_cast<int>(attempt) + 1;
    if (outcome.status != PushOutcome::Status::kFailed) {
      break;
    }
    ++sub->info.failedAttempts;
    ++counters_.failedAttempts;
    changed_.notify_all();
    if (sub->cancelled || attempt == delays.size()) {
      break;
    }
    // delays are Exchange seconds: a sixtieth of a minute each.
    const auto retryAt = firstAttempt + std::chrono::duration_cast<std::chrono::microseconds>(
                                            options_.minuteLength) *
                                            delays[attempt] / 60;
    changed_.wait_until(lock, retryAt, [&] { return sub->cancelled; });
    if (sub->cancelled) {
      break;
    }
  }
  record.outcome = outcome.status;
  sent_.push_back(record);
  while (sent_.size() > kSentKept) {
    sent_.pop_front();
  }
  bool goOn = false;
  if (sub->cancelled) {
    // Dropped or restarted while sending: its state is set by whoever cancelled it.
  } else if (outcome.status == PushOutcome::Status::kOk) {
    sub->cursor = cursor;
    sub->previousWatermark = record.watermarks.back();
    sub->info.lastWatermark = sub->previousWatermark;
    ++sub->info.notifications;
    ++counters_.notifications;
    if (heartbeat) {
      ++sub->info.heartbeats;
      ++counters_.heartbeats;
    } else {
      counters_.events += record.types.size();
    }
    sub->heartbeatDue = Clock::now() + options_.minuteLength * frequency;
    goOn = true;
  } else if (outcome.status == PushOutcome::Status::kUnsubscribe) {
    sub->info.state = SubscriptionInfo::State::kUnsubscribed;
    ++counters_.unsubscribed;
  } else {
    sub->info.state = SubscriptionInfo::State::kDied;
    ++counters_.died;
  }
  changed_.notify_all();
  return goOn;
}

}  // namespace fakes
