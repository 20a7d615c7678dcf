#pragma once

#include <string>

#include "enp/common/status.h"

namespace enp::backup {

/// Writes `bytes` to `path`, readable by its owner only (0600), through a temporary file in the
/// same directory that is synced and renamed over it: the file is whole or not there. kStore
/// with the reason when it cannot be written.
Status writeOwnerOnly(const std::string& path, const std::string& bytes);

}  // namespace enp::backup
