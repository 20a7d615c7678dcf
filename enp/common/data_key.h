#pragma once

#include <string>
#include <string_view>

#include "enp/common/status.h"

namespace enp {

/// The installation's own secret: 32 random bytes in `<data dir>/enp.key` (mode 0600), created
/// on first start. Stored credentials are encrypted with a key derived from it and callback
/// tokens ENP hands to Exchange are derived from it, so it is backed up with the database: a
/// database without its key file cannot decrypt the credentials it holds.
class DataKey {
 public:
  /// Reads the key file at `path`, creating it (0600, in a directory that must exist) when it
  /// is missing. kInvalid when it exists but is not a key (wrong size) or is readable by group or
  /// others; kStore when it cannot be read or written.
  static Result<DataKey> loadOrCreate(const std::string& path);

  /// A key of its own for `purpose` ("credentials", "callback-tokens"): HKDF-SHA256 of the data
  /// key with `purpose` as its info, 32 bytes.
  std::string derive(std::string_view purpose) const;

  /// What identifies this key without revealing it: lower-case hex SHA-256 of
  /// derive("key-check"). Recorded in the database (DataKeyCheckStore) to tell nodes apart that
  /// hold another key.
  std::string fingerprint() const;

  /// A key built from given bytes (tests).
  static DataKey fromBytes(std::string bytes) { return DataKey(std::move(bytes)); }

 private:
  explicit DataKey(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string bytes_;
};

}  // namespace enp
