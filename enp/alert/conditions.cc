#include "enp/alert/conditions.h"

#include <Poco/Crypto/X509Certificate.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

namespace enp {

Result<int64_t> certificateExpiresAt(const std::string& pemFile) {
  try {
    Poco::Crypto::X509Certificate cert(pemFile);
    return static_cast<int64_t>(cert.expiresOn().timestamp().epochMicroseconds() / 1000);
  } catch (const Poco::Exception& e) {
    return Status::invalid(pemFile + ": " + e.displayText());
  }
}

Result<int64_t> freeBytes(const std::string& path) {
  struct statvfs st {};
  if (statvfs(path.c_str(), &st) != 0) {
    return Status::unavailable(path + ": " + std::strerror(errno));
  }
  return static_cast<int64_t>(st.f_bavail) * static_cast<int64_t>(st.f_frsize);
}

}  // namespace enp
