#include "enp/store/settings_cache.h"

#include "enp/common/log.h"

namespace enp {

SettingsCache::SettingsCache(SettingsStore& store, int64_t checkEveryMs)
    : store_(store), checkEveryMs_(checkEveryMs), current_(std::make_shared<Settings>()) {}

std::shared_ptr<const Settings> SettingsCache::get(int64_t nowMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (nowMs < nextCheckMs_.load()) {
    return current_;
  }
  nextCheckMs_.store(nowMs + checkEveryMs_);
  const Result<int64_t> v = store_.version();
  if (!v.ok()) {
    log::get(log::Id::kMain).error("settings not reloaded: {}", v.error().message());
    return current_;
  }
  if (*v == version_) {
    return current_;
  }
  Result<Settings> fresh = store_.load();
  if (!fresh.ok()) {
    log::get(log::Id::kMain).error("settings not reloaded: {}", fresh.error().message());
    return current_;
  }
  version_ = *v;
  current_ = std::make_shared<const Settings>(std::move(*fresh));
  return current_;
}

}  // namespace enp
