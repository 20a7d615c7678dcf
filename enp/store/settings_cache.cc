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
  int64_t v = store_.version();
  if (v == version_) {
    return current_;
  }
  auto fresh = std::make_shared<Settings>();
  std::string error;
  if (!store_.load(fresh.get(), &error)) {
    log::get(log::Id::kMain).error("settings not reloaded: {}", error);
    return current_;
  }
  version_ = v;
  current_ = std::move(fresh);
  return current_;
}

}  // namespace enp
