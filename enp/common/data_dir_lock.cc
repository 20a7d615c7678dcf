#include "enp/common/data_dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace enp {

Result<DataDirLock> DataDirLock::acquire(const std::string& dir) {
  const std::string path = dir + "/enp.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::store(path + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    char pid[32] = {};
    const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
    ::close(fd);
    if (error != EWOULDBLOCK) {
      return Status::store(path + ": " + std::strerror(error));
    }
    std::string who = n > 0 ? std::string(pid, static_cast<size_t>(n)) : "";
    while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) {
      who.pop_back();
    }
    return Status::conflict(dir + " is in use by a running ENP" +
                            (who.empty() ? "" : " (pid " + who + ")") + ": stop it first");
  }
  // Who holds it, for the message above; the lock, not this text, is what counts.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  }
  return DataDirLock(fd);
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

}  // namespace enp
