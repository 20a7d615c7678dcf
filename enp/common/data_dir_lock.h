#pragma once

#include <string>

#include "enp/common/status.h"

namespace enp {

/// The claim of one process on a data directory: an exclusive flock(2) on `<dir>/enp.lock`,
/// held by `enp serve` for as long as it runs (the kernel drops it when the process ends, a
/// crash included), and taken by `enp restore` before it replaces anything, so that a restore
/// never writes under a running daemon and two daemons never share one database.
class DataDirLock {
 public:
  /// The lock, or kConflict "<dir> is in use by a running ENP (pid N)" when another process
  /// holds it; kStore when the lock file cannot be opened.
  static Result<DataDirLock> acquire(const std::string& dir);

  DataDirLock(DataDirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DataDirLock& operator=(DataDirLock&&) = delete;
  DataDirLock(const DataDirLock&) = delete;
  ~DataDirLock();

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace enp
