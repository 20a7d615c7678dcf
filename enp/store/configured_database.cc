#include "enp/store/configured_database.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace enp {
Result<std::string> readPasswordFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Status::invalid(path + ": " + std::strerror(errno));
  }
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r') {
    password.pop_back();
  }
  if (password.empty()) {
    return Status::invalid(path + ": the first line is empty");
  }
  return password;
}

Result<std::unique_ptr<Database>> openConfiguredDatabase(const BootstrapConfig& config) {
  if (config.storageBackend != "postgresql") {
    return Database::open(config.databasePath());
  }
  std::string password;
  if (!config.storagePasswordFile.empty()) {
    Result<std::string> read = readPasswordFile(config.storagePasswordFile);
    if (!read.ok()) {
      return Status::invalid("storage.password_file: " + read.error().message());
    }
    password = std::move(*read);
  }
  return Database::openPostgres(config.storageUrl, password);
}

}  // namespace enp
