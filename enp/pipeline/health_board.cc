#include "enp/pipeline/health_board.h"

#include <algorithm>

namespace enp {
namespace {

constexpr int64_t kMinuteMs = 60000;
constexpr std::string_view kExchangePrefix = "exchange:";
constexpr std::string_view kGraphPrefix = "graph:";

bool startsWith(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

void HealthBoard::upstreamSuccess(const std::string& upstream, int64_t nowMs) {
  if (upstream == "cns") {
    cnsSuccess(nowMs);
  } else if (upstream.compare(0, kExchangePrefix.size(), kExchangePrefix) == 0) {
    exchangeSuccess(upstream.substr(kExchangePrefix.size()), nowMs);
  } else if (startsWith(upstream, kGraphPrefix)) {
    std::lock_guard<std::mutex> lock(mutex_);
    graph_[upstream.substr(kGraphPrefix.size())].lastSuccessAt = nowMs;
  }
}

void HealthBoard::upstreamError(const std::string& upstream, const std::string& error,
                                const std::string& advice, int64_t nowMs) {
  if (upstream == "cns") {
    cnsError(error, advice, nowMs);
  } else if (upstream.compare(0, kExchangePrefix.size(), kExchangePrefix) == 0) {
    exchangeError(upstream.substr(kExchangePrefix.size()), error, advice, nowMs);
  } else if (startsWith(upstream, kGraphPrefix)) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& h = graph_[upstream.substr(kGraphPrefix.size())];
    h.lastErrorAt = nowMs;
    h.lastError = error;
    addError({nowMs, upstream, error, advice});
  } else {
    otherError(upstream.empty() ? "config" : upstream, error, advice, nowMs);
  }
}

void HealthBoard::testResult(const std::string& upstream, bool ok, const std::string& error,
                             const std::string& advice, int64_t nowMs) {
  if (ok) {
    upstreamSuccess(upstream, nowMs);
  } else {
    upstreamError(upstream, error, advice, nowMs);
  }
}

void HealthBoard::exchangeSuccess(const std::string& server, int64_t nowMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  exchange_[server].lastSuccessAt = nowMs;
  resolve(std::string(kExchangePrefix) + server, nowMs);
}

void HealthBoard::exchangeError(const std::string& server, const std::string& error,
                                const std::string& advice, int64_t nowMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& h = exchange_[server];
  h.lastErrorAt = nowMs;
  h.lastError = error;
  addError({nowMs, "exchange:" + server, error, advice});
}

void HealthBoard::cnsSuccess(int64_t nowMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  cns_.lastSuccessAt = nowMs;
  resolve("cns", nowMs);
}

void HealthBoard::cnsError(const std::string& error, const std::string& advice, int64_t nowMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  cns_.lastErrorAt = nowMs;
  cns_.lastError = error;
  addError({nowMs, "cns", error, advice});
}

void HealthBoard::otherError(const std::string& source, const std::string& error,
                             const std::string& advice, int64_t nowMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  addError({nowMs, source, error, advice});
}

void HealthBoard::addError(RecentError e) {
  const auto same = std::find_if(errors_.begin(), errors_.end(), [&](const RecentError& old) {
    return old.resolvedAt == 0 && old.source == e.source && old.message == e.message;
  });
  if (same != errors_.end()) {
    e.firstAt = same->firstAt;
    e.count = same->count + 1;
    errors_.erase(same);
  } else {
    e.firstAt = e.at;
    e.count = 1;
  }
  errors_.push_front(std::move(e));
  if (errors_.size() > kErrorsKept) {
    errors_.pop_back();
  }
}

void HealthBoard::resolve(std::string_view source, int64_t nowMs) {
  for (RecentError& e : errors_) {
    if (e.resolvedAt == 0 && e.source == source) {
      e.resolvedAt = nowMs;
    }
  }
}

void HealthBoard::count(Outcome outcome, int64_t nowMs) {
  int64_t minute = nowMs / kMinuteMs * kMinuteMs;
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = minutes_[static_cast<size_t>(nowMs / kMinuteMs % kMinutesKept)];
  if (slot.minute != minute) {
    slot = MinuteCounts{minute, 0, 0, 0};
  }
  switch (outcome) {
    case Outcome::kDelivered:
      ++slot.delivered;
      break;
    case Outcome::kSuppressed:
      ++slot.suppressed;
      break;
    case Outcome::kFailed:
      ++slot.failed;
      break;
  }
}

std::map<std::string, UpstreamHealth> HealthBoard::exchange() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return exchange_;
}

std::map<std::string, UpstreamHealth> HealthBoard::graph() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return graph_;
}

UpstreamHealth HealthBoard::cns() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cns_;
}

std::vector<RecentError> HealthBoard::recentErrors(size_t limit) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<RecentError> out(
      errors_.begin(), errors_.begin() + static_cast<long>(std::min(limit, errors_.size())));
  return out;
}

std::vector<MinuteCounts> HealthBoard::perMinute(int minutes, int64_t nowMs) const {
  minutes = std::clamp(minutes, 1, kMinutesKept);
  int64_t last = nowMs / kMinuteMs;
  std::vector<MinuteCounts> out;
  out.reserve(static_cast<size_t>(minutes));
  std::lock_guard<std::mutex> lock(mutex_);
  for (int64_t m = last - minutes + 1; m <= last; ++m) {
    const auto& slot = minutes_[static_cast<size_t>(m % kMinutesKept)];
    out.push_back(slot.minute == m * kMinuteMs ? slot : MinuteCounts{m * kMinuteMs, 0, 0, 0});
  }
  return out;
}

}  // namespace enp
