#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "enp/config/settings.h"
#include "enp/store/settings_store.h"

namespace enp {

/// The current settings for readers on hot paths. Reloads from the store when its version
/// changed, checking at most once per `checkEveryMs`, so `enp settings import` (or the
/// console) takes effect on a running daemon without a restart. Thread-safe.
class SettingsCache {
 public:
  SettingsCache(SettingsStore& store, int64_t checkEveryMs = 1000);

  /// Never null. Keeps the previous settings (and logs why) when the stored document fails to
  /// load or the store cannot be read.
  std::shared_ptr<const Settings> get(int64_t nowMs);

  /// Forces the next get() to check the store.
  void invalidate() { nextCheckMs_.store(0); }

 private:
  SettingsStore& store_;
  const int64_t checkEveryMs_;
  std::atomic<int64_t> nextCheckMs_{0};
  std::mutex mutex_;
  std::shared_ptr<const Settings> current_;  // GUARDED_BY(mutex_)
  int64_t version_ = -1;                     // GUARDED_BY(mutex_)
};

}  // namespace enp
