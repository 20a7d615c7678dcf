#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "enp/store/database.h"

namespace enp {

/// When a registration key (by label) was created and last used.
struct KeyUsage {
  std::optional<int64_t> createdAt;
  std::optional<int64_t> lastUsedAt;
};

/// Usage of the registration keys of the settings document (table registration_key_usage).
/// The keys themselves stay in the settings document so `enp settings export/import` carries
/// them; this table only adds times. Thread-safe.
class KeyUsageStore {
 public:
  explicit KeyUsageStore(Database& db) : db_(db) {}

  /// A key was created under this label (resets its usage: a new key, a new history).
  void created(const std::string& label, int64_t nowMs);
  /// A registration was made with the key of this label.
  void used(const std::string& label, int64_t nowMs);
  void forget(const std::string& label);
  std::map<std::string, KeyUsage> all();

 private:
  Database& db_;
};

}  // namespace enp
