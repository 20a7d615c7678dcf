#pragma once

#include <cstdint>
#include <string>

#include "enp/common/status.h"

namespace enp {

/// When the (first) certificate of a PEM file expires, ms since the epoch.
Result<int64_t> certificateExpiresAt(const std::string& pemFile);

/// Bytes an unprivileged process may still write on the file system holding `path`.
Result<int64_t> freeBytes(const std::string& path);

}  // namespace enp
