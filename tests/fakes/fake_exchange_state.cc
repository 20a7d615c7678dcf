#include "fake_exchange.h"

// FakeExchange's fixture store, scripting and recording accessors (the HTTP side is in
// fake_exchange.cc).

#include <algorithm>
#include <cctype>
#include <utility>

namespace fakes {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

ScriptedAnswer ScriptedAnswer::serverBusy(std::chrono::milliseconds backOff, std::string mailbox) {
  ScriptedAnswer a = of(Kind::kServerBusy, std::move(mailbox));
  a.backOff = backOff;
  return a;
}

ScriptedAnswer ScriptedAnswer::of(Kind kind, std::string mailbox) {
  ScriptedAnswer a;
  a.kind = kind;
  a.mailbox = lower(std::move(mailbox));
  return a;
}

ScriptedAnswer ScriptedAnswer::delayed(std::chrono::milliseconds delay, std::string mailbox) {
  ScriptedAnswer a = of(Kind::kDelay, std::move(mailbox));
  a.delay = delay;
  return a;
}

ScriptedAnswer ScriptedAnswer::forOperation(std::string name) const {
  ScriptedAnswer a = *this;
  a.operation = std::move(name);
  return a;
}

std::optional<ScriptedAnswer> FakeExchange::takeScripted(const std::string& mailbox,
                                                         const std::string& operation) {
  const auto it = std::find_if(script_.begin(), script_.end(), [&](const ScriptedAnswer& a) {
    return a.operation == operation && (a.mailbox.empty() || a.mailbox == mailbox);
  });
  if (it == script_.end()) {
    return std::nullopt;
  }
  ScriptedAnswer answer = *it;
  script_.erase(it);
  ++counters_.scripted;
  return answer;
}

void FakeExchange::addMailbox(const std::string& smtp) {
  std::lock_guard lock(mutex_);
  mailboxes_[lower(smtp)];
}

void FakeExchange::addItem(const std::string& mailbox, FakeItem item) {
  std::lock_guard lock(mutex_);
  auto& items = mailboxes_[lower(mailbox)];
  const std::string id = item.id;
  items.insert_or_assign(id, std::move(item));
}

void FakeExchange::removeItem(const std::string& mailbox, const std::string& itemId) {
  std::lock_guard lock(mutex_);
  if (const auto box = mailboxes_.find(lower(mailbox)); box != mailboxes_.end()) {
    box->second.erase(itemId);
  }
}

void FakeExchange::loadFixtures(const Fixtures& fixtures) {
  if (fixtures.user || fixtures.password) {
    std::lock_guard lock(mutex_);
    options_.user = fixtures.user.value_or(options_.user);
    options_.password = fixtures.password.value_or(options_.password);
  }
  for (const auto& [smtp, items] : fixtures.mailboxes) {
    addMailbox(smtp);
    for (const FakeItem& item : items) {
      addItem(smtp, item);
    }
  }
  for (const auto& [smtp, hours] : fixtures.workingHours) {
    setWorkingHours(smtp, hours);
  }
  if (fixtures.impersonationAllowed) {
    restrictImpersonationTo(*fixtures.impersonationAllowed);
  }
}

void FakeExchange::restrictImpersonationTo(const std::vector<std::string>& mailboxes) {
  std::set<std::string> allowed;
  for (const std::string& m : mailboxes) {
    allowed.insert(lower(m));
  }
  std::lock_guard lock(mutex_);
  impersonationAllowed_ = std::move(allowed);
}

void FakeExchange::allowImpersonationOfAll() {
  std::lock_guard lock(mutex_);
  impersonationAllowed_.reset();
}

void FakeExchange::script(const ScriptedAnswer& answer, int times) {
  std::lock_guard lock(mutex_);
  for (int i = 0; i < times; ++i) {
    script_.push_back(answer);
  }
}

void FakeExchange::clearScript() {
  std::lock_guard lock(mutex_);
  script_.clear();
}

void FakeExchange::setLatency(std::chrono::milliseconds latency) {
  std::lock_guard lock(mutex_);
  latency_ = latency;
}

std::vector<RecordedGetItem> FakeExchange::requests() const {
  std::lock_guard lock(mutex_);
  return {recorded_.begin(), recorded_.end()};
}

ExchangeCounters FakeExchange::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

bool FakeExchange::waitForGetItems(uint64_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return counters_.getItems >= n; });
}

bool FakeExchange::waitForConcurrent(uint64_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return concurrent_ >= n; });
}

PushOutcome FakeExchange::push(const std::string& callbackUrl, const std::string& xml,
                               const PushOptions& options) {
  return pushWithRetries(callbackUrl, xml, options, &stop_);
}

}  // namespace fakes
