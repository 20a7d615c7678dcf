#include "enp/alert/alert_board.h"

#include "enp/common/log.h"

namespace enp {
namespace {

// A Prometheus label value: backslash, double quote and line feed escaped.
std::string labelValue(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

AlertBoard::AlertBoard(AlertStore& store, const Clock& clock, Metrics& metrics)
    : store_(store), clock_(clock), metrics_(metrics) {}

Status AlertBoard::load() {
  Result<std::vector<Alert>> stored = store_.open();
  if (!stored.ok()) {
    return stored.error();
  }
  std::vector<std::string> keys;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Alert& a : *stored) {
      const uint64_t ref = nextRef_++;
      if (a.state == AlertState::kFiring) {
        if (firing_.count(a.key) != 0) {
          continue;  // cannot happen (unique index); keep the first
        }
        firing_[a.key] = ref;
        keys.push_back(a.key);
      }
      Entry e;
      e.mailedSeverity = a.severity;
      e.alert = std::move(a);
      e.savedVersion = e.version;
      entries_.emplace(ref, std::move(e));
    }
  }
  for (const std::string& k : keys) {
    gauge(k);
  }
  return Status();
}

void AlertBoard::gauge(const std::string& key) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!gauged_.insert(key).second) {
      return;
    }
  }
  metrics_.gauge("enp_alerts_firing{key=\"" + labelValue(key) + "\"}",
                 "1 while the alert of this key is firing",
                 [this, key] { return isFiring(key) ? 1.0 : 0.0; });
}

void AlertBoard::changed() {
  if (onChange_) {
    onChange_();
  }
}

void AlertBoard::raise(const AlertText& text) {
  const int64_t now = clock_.nowMs();
  bool fresh = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = firing_.find(text.key);
    if (it == firing_.end()) {
      Entry e;
      e.alert.key = text.key;
      e.alert.firstSeenAt = now;
      e.alert.state = AlertState::kFiring;
      const uint64_t ref = nextRef_++;
      it = firing_.emplace(text.key, ref).first;
      entries_.emplace(ref, std::move(e));
      fresh = true;
    }
    Entry& e = entries_.at(it->second);
    Alert& a = e.alert;
    a.severity = text.severity;
    a.title = text.title;
    a.summary = text.summary;
    a.advice = text.advice;
    a.lastSeenAt = now;
    a.count += 1;
    if (a.mailedAt != 0 && a.severity == Severity::kCritical &&
        e.mailedSeverity == Severity::kWarning) {
      a.mailedAt = 0;  // it got worse: tell the administrator again now
    }
    e.version += 1;
  }
  if (fresh) {
    log::get(log::Id::kAlert)
        .error("alert firing: {} ({}): {}: {}", text.key, toString(text.severity), text.title,
               text.summary);
    gauge(text.key);
  }
  changed();
}

void AlertBoard::resolve(const std::string& key) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = firing_.find(key);
    if (it == firing_.end()) {
      return;
    }
    Entry& e = entries_.at(it->second);
    e.alert.state = AlertState::kResolved;
    e.alert.resolvedAt = clock_.nowMs();
    // Never reported firing: there is nothing to take back.
    e.alert.resolvedMailed = e.alert.mailedAt == 0;
    e.version += 1;
    firing_.erase(it);
  }
  log::get(log::Id::kAlert).info("alert {} resolved", key);
  changed();
}

std::vector<Alert> AlertBoard::firing() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Alert> out;
  for (const auto& [ref, e] : entries_) {
    if (e.alert.state == AlertState::kFiring) {
      out.push_back(e.alert);
    }
  }
  return out;
}

bool AlertBoard::isFiring(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return firing_.count(key) != 0;
}

std::vector<BoardAlert> AlertBoard::open() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<BoardAlert> out;
  for (const auto& [ref, e] : entries_) {
    if (e.alert.state == AlertState::kFiring || !e.alert.resolvedMailed) {
      out.push_back({ref, e.alert});
    }
  }
  return out;
}

void AlertBoard::markMailed(const std::vector<uint64_t>& firing,
                            const std::vector<uint64_t>& resolved, int64_t atMs) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (uint64_t ref : firing) {
      auto it = entries_.find(ref);
      if (it != entries_.end()) {
        it->second.alert.mailedAt = atMs;
        it->second.mailedSeverity = it->second.alert.severity;
        it->second.version += 1;
      }
    }
    for (uint64_t ref : resolved) {
      auto it = entries_.find(ref);
      if (it != entries_.end()) {
        it->second.alert.resolvedMailed = true;
        it->second.version += 1;
      }
    }
  }
  changed();
}

void AlertBoard::markSettled(const std::vector<uint64_t>& settled) { markMailed({}, settled, 0); }

void AlertBoard::forgetSettled() {
  for (auto it = entries_.begin(); it != entries_.end();) {
    const Entry& e = it->second;
    if (e.alert.state == AlertState::kResolved && e.alert.resolvedMailed &&
        e.savedVersion == e.version) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

Status AlertBoard::persist() {
  std::lock_guard<std::mutex> serial(persistMutex_);
  struct Pending {
    uint64_t ref;
    uint64_t version;
    Alert alert;
  };
  std::vector<Pending> pending;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [ref, e] : entries_) {
      if (e.savedVersion != e.version) {
        pending.push_back({ref, e.version, e.alert});
      }
    }
  }
  Status first;
  for (const Pending& p : pending) {
    const Result<int64_t> id = store_.save(p.alert);
    if (!id.ok()) {
      if (first.ok()) {
        first = id.error();
      }
      continue;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(p.ref);
    if (it != entries_.end()) {
      it->second.alert.id = *id;
      it->second.savedVersion = p.version;
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  forgetSettled();
  return first;
}

Status AlertBoard::adoptStored() {
  Result<std::vector<Alert>> stored = store_.open();
  if (!stored.ok()) {
    return stored.error();
  }
  std::map<int64_t, const Alert*> byId;
  for (const Alert& a : *stored) {
    byId[a.id] = &a;
  }
  std::vector<std::string> keys;
  bool any = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::set<int64_t> known;
    for (auto& [ref, e] : entries_) {
      known.insert(e.alert.id);
      if (!e.adopted || e.alert.state != AlertState::kFiring) {
        continue;
      }
      const auto row = byId.find(e.alert.id);
      if (row != byId.end() && row->second->state == AlertState::kFiring) {
        const Alert& r = *row->second;
        e.alert.severity = r.severity;
        e.alert.title = r.title;
        e.alert.summary = r.summary;
        e.alert.advice = r.advice;
        e.alert.lastSeenAt = r.lastSeenAt;
        e.alert.count = r.count;
        continue;  // nothing of this node's to store
      }
      e.alert.state = AlertState::kResolved;
      e.alert.resolvedAt = row != byId.end() ? row->second->resolvedAt : clock_.nowMs();
      e.alert.resolvedMailed = e.alert.mailedAt == 0;
      e.version += 1;
      if (auto f = firing_.find(e.alert.key); f != firing_.end() && f->second == ref) {
        firing_.erase(f);
      }
      any = true;
    }
    for (const Alert& a : *stored) {
      if (known.count(a.id) != 0 || a.state != AlertState::kFiring || firing_.count(a.key) != 0) {
        continue;
      }
      Entry e;
      e.alert = a;
      e.adopted = true;
      e.mailedSeverity = a.severity;
      e.savedVersion = e.version;
      const uint64_t ref = nextRef_++;
      firing_[a.key] = ref;
      entries_.emplace(ref, std::move(e));
      keys.push_back(a.key);
      any = true;
    }
  }
  for (const std::string& k : keys) {
    gauge(k);
  }
  if (any) {
    changed();
  }
  return Status();
}

void AlertBoard::mailSent(int64_t atMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  mail_.lastSentAt = atMs;
  mail_.lastErrorAt = 0;
  mail_.lastError.clear();
}

void AlertBoard::mailFailed(const std::string& error, int64_t atMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  mail_.lastErrorAt = atMs;
  mail_.lastError = error;
}

MailHealth AlertBoard::mailHealth() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return mail_;
}

}  // namespace enp
