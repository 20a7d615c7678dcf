#include "enp/admin/auth/initial_admin.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "enp/admin/auth/password.h"
#include "enp/common/secrets.h"

namespace enp::admin {

Result<std::string> ensureInitialAdmin(AdminUserStore& users, AuditStore& audit,
                                       const std::string& dataDir, int64_t nowMs) {
  const Result<int64_t> count = users.count();
  if (!count.ok()) {
    return count.error();
  }
  if (*count > 0) {
    return std::string();
  }
  const std::string password = randomToken(18);  // 144 bits, 24 characters
  const std::string hash = hashPassword(password);
  if (hash.empty()) {
    return Status::internal("could not hash the initial admin password");
  }
  const std::string path = dataDir + "/" + kInitialPasswordFile;
  ::unlink(path.c_str());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::invalid(path + ": cannot write");
  }
  std::string text = password + "\n";
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    return Status::invalid(path + ": cannot write");
  }
  ENP_RETURN_IF_ERROR(users.upsert(kInitialAdminUser, hash, true, nowMs));
  ENP_RETURN_IF_ERROR(audit.record({0, nowMs, "system", "user.create", kInitialAdminUser,
                                    R"({"reason":"first start","mustChangePassword":true})"}));
  return path;
}

void removeInitialPasswordFile(const std::string& dataDir) {
  std::remove((dataDir + "/" + kInitialPasswordFile).c_str());
}

}  // namespace enp::admin
