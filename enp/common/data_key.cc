#include "enp/common/data_key.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "enp/common/secrets.h"

namespace enp {
namespace {

constexpr size_t kKeyBytes = 32;

std::string errnoText() { return std::strerror(errno); }

Result<DataKey> readKey(const std::string& path, int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    return Status::store(path + ": " + errnoText());
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(st.st_mode & 0777));
    return Status::invalid(path + ": mode " + mode +
                           " lets others read the data key: chmod 600 it");
  }
  std::string bytes(kKeyBytes + 1, '\0');
  const ssize_t n = read(fd, bytes.data(), bytes.size());
  if (n < 0) {
    return Status::store(path + ": " + errnoText());
  }
  if (static_cast<size_t>(n) != kKeyBytes) {
    return Status::invalid(path + ": not a data key (" + std::to_string(n) +
                           " bytes, expected 32): restore it from the backup of this "
                           "installation");
  }
  bytes.resize(kKeyBytes);
  return DataKey::fromBytes(std::move(bytes));
}

}  // namespace

Result<DataKey> DataKey::loadOrCreate(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    Result<DataKey> key = readKey(path, fd);
    close(fd);
    return key;
  }
  if (errno != ENOENT) {
    return Status::store(path + ": " + errnoText());
  }
  std::string bytes(kKeyBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), kKeyBytes) != 1) {
    return Status::internal("no random bytes for the data key");
  }
  // Written to a temporary name and linked into place, so that two processes starting together
  // never both create one and a crash never leaves half a key.
  const std::string temp = path + ".new." + std::to_string(getpid());
  fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::store(temp + ": " + errnoText());
  }
  const bool written =
      write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(kKeyBytes) && fsync(fd) == 0;
  close(fd);
  if (!written) {
    unlink(temp.c_str());
    return Status::store(temp + ": " + errnoText());
  }
  const int linked = link(temp.c_str(), path.c_str());
  const int linkErrno = errno;
  unlink(temp.c_str());
  if (linked != 0) {
    if (linkErrno == EEXIST) {
      return loadOrCreate(path);  // Another process was first: use its key.
    }
    errno = linkErrno;
    return Status::store(path + ": " + errnoText());
  }
  return DataKey(std::move(bytes));
}

std::string DataKey::derive(std::string_view purpose) const {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr), &EVP_PKEY_CTX_free);
  std::string out(kKeyBytes, '\0');
  size_t length = out.size();
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha256()) <= 0 ||
      EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), reinterpret_cast<const unsigned char*>(bytes_.data()),
                                 static_cast<int>(bytes_.size())) <= 0 ||
      EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), reinterpret_cast<const unsigned char*>(purpose.data()),
                                  static_cast<int>(purpose.size())) <= 0 ||
      EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length) <= 0) {
    std::abort();  // HKDF-SHA256 is always available in OpenSSL 3; failing here is a bug.
  }
  return out;
}

std::string DataKey::fingerprint() const { return sha256Hex(derive("key-check")); }

}  // namespace enp
