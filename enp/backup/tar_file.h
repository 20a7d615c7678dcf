#pragma once

#include <string>
#include <vector>

#include "enp/common/status.h"

namespace enp::backup {

/// One regular file of an archive.
struct ArchiveEntry {
  std::string name;  ///< A plain file name (no directories), at most 99 bytes.
  std::string bytes;
};

/// A POSIX ustar archive of the entries (mode 0600, owner 0), readable by `tar -xf`.
std::string writeTar(const std::vector<ArchiveEntry>& entries, int64_t mtimeSeconds);

/// The regular files of a ustar archive, in order. kInvalid saying where it breaks (a bad
/// header checksum, a file cut short, no end marker, an entry that is not a plain file).
Result<std::vector<ArchiveEntry>> readTar(const std::string& archive);

}  // namespace enp::backup
