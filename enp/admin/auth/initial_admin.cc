#include "enp/admin/auth/initial_admin.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "enp/admin/auth/password.h"
#include "enp/common/secrets.h"

namespace enp::admin {

bool ensureInitialAdmin(AdminUserStore& users, AuditStore& audit, const std::string& dataDir,
                        int64_t nowMs, std::string* createdPath, std::string* error) {
  createdPath->clear();
  if (users.count() > 0) {
    return true;
  }
  const std::string password = randomToken(18);  // 144 bits, 24 characters
  const std::string hash = hashPassword(password);
  if (hash.empty()) {
    *error = "could not hash the initial admin password";
    return false;
  }
  const std::string path = dataDir + "/" + kInitialPasswordFile;
  ::unlink(path.c_str());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    *error = path + ": cannot write";
    return false;
  }
  std::string text = password + "\n";
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    *error = path + ": cannot write";
    return false;
  }
  users.upsert(kInitialAdminUser, hash, true, nowMs);
  audit.record({0, nowMs, "system", "user.create", kInitialAdminUser,
                R"({"reason":"first start","mustChangePassword":true})"});
  *createdPath = path;
  return true;
}

void removeInitialPasswordFile(const std::string& dataDir) {
  std::remove((dataDir + "/" + kInitialPasswordFile).c_str());
}

}  // namespace enp::admin
