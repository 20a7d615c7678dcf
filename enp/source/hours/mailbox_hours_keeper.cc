#include "enp/source/hours/mailbox_hours_keeper.h"

#include <algorithm>
#include <functional>

#include "rules/policy.h"

namespace enp {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kLongestRetry = std::chrono::hours(6);
constexpr int64_t kSpreadMs = 3'600'000;

std::string joinNotes(const std::vector<std::string>& notes) {
  std::string out;
  for (const std::string& n : notes) {
    out += out.empty() ? "" : " ";
    out += n;
  }
  return out;
}

}  // namespace

MailboxHours afterRead(const std::string& mailbox, const std::optional<MailboxHours>& previous,
                       const MailboxHoursRead& read, int64_t nowMs, milliseconds refresh,
                       milliseconds retry) {
  MailboxHours h = previous.value_or(MailboxHours{});
  h.mailbox = mailbox;
  if (!read.ok()) {
    h.error = read.error().message();
    h.attempts = previous ? previous->attempts + 1 : 1;
    const int64_t backOff =
        std::min<int64_t>(kLongestRetry.count(), retry.count() << std::min(h.attempts - 1, 16));
    h.nextReadAt = nowMs + backOff;
    return h;  // what an earlier read found still applies
  }
  h.error.clear();
  h.attempts = 0;
  h.readAt = nowMs;
  h.nextReadAt =
      nowMs + refresh.count() + static_cast<int64_t>(std::hash<std::string>{}(mailbox) % kSpreadMs);
  h.notes.clear();
  if (!read->has_value()) {
    h.state = MailboxHours::State::kNone;
    return h;
  }
  const MailboxWorkHours& found = **read;
  if (found.workHours.days == 0) {
    h.state = MailboxHours::State::kNone;  // no day named: no hours to apply
    h.notes = joinNotes(found.notes);
    return h;
  }
  h.state = MailboxHours::State::kFound;
  h.timeZone = found.timeZone;
  h.days = found.workHours.days;
  h.startMinute = found.workHours.startMinute;
  h.endMinute = found.workHours.endMinute;
  h.notes = joinNotes(found.notes);
  return h;
}

MailboxHoursKeeper::MailboxHoursKeeper(Deps deps, Options options)
    : deps_(std::move(deps)), options_(options), looks_(options.tick, kLookCostFactor) {}

MailboxHoursKeeper::~MailboxHoursKeeper() { stop(); }

void MailboxHoursKeeper::start() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void MailboxHoursKeeper::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void MailboxHoursKeeper::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (looks_.due(LookPacer::steadyNowMs())) {
      lock.unlock();
      runOnce();
      lock.lock();
    }
    cv_.wait_for(lock, options_.tick, [this] { return stopping_; });
  }
}

int MailboxHoursKeeper::runOnce() {
  auto& logger = log::get(deps_.logId);
  const int64_t now = deps_.clock.nowMs();
  const int64_t started = LookPacer::steadyNowMs();
  auto due = deps_.store.due(now, options_.batch);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (due.ok() && static_cast<int>(due->size()) < options_.batch) {
      looks_.ran(started, LookPacer::steadyNowMs());
    } else {
      looks_.expire();  // more may be due: the next tick looks again
    }
  }
  if (!due.ok()) {
    logger.error("working hours: {}", due.error().message());
    return 0;
  }
  const std::shared_ptr<const Settings> settings = deps_.settings();
  int read = 0;
  for (const auto& [mailbox, previous] : *due) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) {
        break;
      }
    }
    if (deps_.serves && !deps_.serves(*settings, mailbox)) {
      continue;  // another source's keeper reads it
    }
    const MailboxHoursRead result =
        deps_.read(*settings, mailbox, previous ? previous->timeZone : std::string());
    const MailboxHours h =
        afterRead(mailbox, previous, result, deps_.clock.nowMs(), options_.refresh, options_.retry);
    ++read;
    deps_.metrics
        .counter(std::string("enp_mailbox_hours_reads_total{outcome=\"") +
                 (result.ok() ? toString(h.state) : "failed") + "\"}")
        .inc();
    // Saved before it is logged: whoever reads the log line finds the state stored.
    if (const Status saved = deps_.store.save(h); !saved.ok()) {
      logger.error("working hours: {}", saved.message());
    }
    if (!result.ok()) {
      logger.warn("working hours of {} not read (attempt {}): {}", mailbox, h.attempts, h.error);
    } else if (h.state == MailboxHours::State::kFound) {
      logger.info("working hours of {}: days {:#04x} {}-{} {}{}{}", mailbox, h.days,
                  rules::formatClockTime(h.startMinute), rules::formatClockTime(h.endMinute),
                  h.timeZone.empty() ? "(no matching zone)" : h.timeZone,
                  h.notes.empty() ? "" : "; ", h.notes);
    } else {
      logger.info("working hours of {}: none set in the mailbox", mailbox);
    }
  }
  return read;
}

}  // namespace enp
