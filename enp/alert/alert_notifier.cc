#include "enp/alert/alert_notifier.h"

#include <algorithm>

#include "enp/alert/alert_mail.h"
#include "enp/alert/alert_plan.h"
#include "enp/common/log.h"

namespace enp {
namespace {

constexpr int64_t kFirstRetryMs = 30 * 1000;
constexpr int64_t kLongestRetryMs = 30 * 60 * 1000;
// Changes are stored at least this often even without news (a failed store is retried).
constexpr int64_t kIdleRoundMs = 60 * 1000;
// A node without the alert-mail share looks this often whether it came to it.
constexpr int64_t kNotHolderRecheckMs = 5 * 1000;

auto& alog() { return log::get(log::Id::kAlert); }

}  // namespace

AlertNotifier::AlertNotifier(Deps deps) : deps_(std::move(deps)) {}

AlertNotifier::~AlertNotifier() { stop(); }

void AlertNotifier::start() {
  thread_ = std::thread([this] { loop(); });
}

void AlertNotifier::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) {
    deps_.mailer.cancel();  // a mail server that hangs must not hold up the shutdown
    thread_.join();
  }
}

void AlertNotifier::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

void AlertNotifier::loop() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) {
        break;
      }
      woken_ = false;
    }
    const int64_t next = runOnce();
    const int64_t now = deps_.clock.nowMs();
    const int64_t waitMs =
        std::clamp<int64_t>(next == 0 ? kIdleRoundMs : next - now, 0, kIdleRoundMs);
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(waitMs), [this] { return woken_ || stopping_; });
  }
  (void)deps_.board.persist();  // what changed last, before the process ends
}

int64_t AlertNotifier::runOnce() {
  const int64_t now = deps_.clock.nowMs();
  const Status stored = deps_.board.persist();
  if (!stored.ok() && now - persistLoggedAt_ >= kIdleRoundMs) {
    persistLoggedAt_ = now;
    alog().warn("alerts are kept in memory only for now: {}", stored.message());
  }
  if (deps_.shares != nullptr && !deps_.shares->ownsJob(cluster::SingleJob::kAlertMail)) {
    return now + kNotHolderRecheckMs;  // another node mails; look again should the share come
  }
  if (deps_.shares != nullptr) {
    // Several nodes: the alerts the others raised are in the shared table.
    if (const Status adopted = deps_.board.adoptStored();
        !adopted.ok() && now - persistLoggedAt_ >= kIdleRoundMs) {
      persistLoggedAt_ = now;
      alog().warn("the other nodes' alerts could not be read: {}", adopted.message());
    }
  }
  const auto settings = deps_.settings.get(now);
  const AlertSettings& s = settings->alerts;
  MailPlan plan = planMail(deps_.board.open(), s, now);
  if (!plan.settle.empty()) {
    deps_.board.markSettled(plan.settle);
  }
  if (plan.mail.empty()) {
    // Several nodes: look again soon for alerts the others raise (they wake only their own).
    return deps_.shares == nullptr ? plan.nextAt
           : plan.nextAt == 0      ? now + kNotHolderRecheckMs
                                   : std::min(plan.nextAt, now + kNotHolderRecheckMs);
  }
  if (now < retryAt_) {
    return retryAt_;
  }
  const MailMessage message = alertMail(plan.mail, s, {deps_.hostName, deps_.consoleUrl, now});
  const Status sent = deps_.mailer.send(s.smtp, {message.from, message.to, renderMessage(message)});
  const int64_t after = deps_.clock.nowMs();
  if (!sent.ok()) {
    failures_ += 1;
    const int64_t delay = std::min(kLongestRetryMs, kFirstRetryMs << std::min(failures_ - 1, 10));
    retryAt_ = after + delay;
    deps_.board.mailFailed(sent.message(), after);
    deps_.metrics.counter("enp_alert_mails_total{outcome=\"failed\"}").inc();
    alog().error("alert mail failing: {} (next try in {} s; the alerts stay due)", sent.message(),
                 delay / 1000);
    return retryAt_;
  }
  failures_ = 0;
  retryAt_ = 0;
  std::vector<uint64_t> reported, resolved;
  for (const PlannedAlert& p : plan.mail) {
    (p.kind == MailKind::kResolved ? resolved : reported).push_back(p.ref);
  }
  deps_.board.markMailed(reported, resolved, now);
  deps_.board.mailSent(after);
  deps_.metrics.counter("enp_alert_mails_total{outcome=\"sent\"}").inc();
  alog().info("alert mail sent to {} recipient(s): {}", s.recipients.size(), message.subject);
  (void)deps_.board.persist();
  return now;  // look again at once: more may be due
}

}  // namespace enp
