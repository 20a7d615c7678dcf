#include "enp/cli/common_options.h"

#include <Poco/Exception.h>
#include <Poco/File.h>

#include <ostream>

#include "enp/store/configured_database.h"
#include "enp/store/settings_store.h"

namespace enp::cli {

bool loadConfig(const std::string& configOption, BootstrapConfig* out, std::ostream& err) {
  std::string path = configOption;
  if (path.empty() && Poco::File(kDefaultConfigPath).exists()) {
    path = kDefaultConfigPath;
  }
  Result<BootstrapConfig> config = loadBootstrap(path);
  if (!config.ok()) {
    err << "enp: " << config.error().message() << "\n";
    return false;
  }
  *out = std::move(*config);
  return true;
}

std::unique_ptr<Database> openDatabase(const BootstrapConfig& config, std::ostream& err) {
  try {
    Poco::File(config.dataDir).createDirectories();
  } catch (const Poco::Exception& e) {
    err << "enp: data directory " << config.dataDir << ": " << e.displayText() << "\n";
    return nullptr;
  }
  Result<std::unique_ptr<Database>> db = openConfiguredDatabase(config);
  if (!db.ok()) {
    err << "enp: " << db.error().message() << "\n";
    return nullptr;
  }
  return std::move(*db);
}

std::unique_ptr<Database> loadConfigAndDatabase(const std::string& configOption,
                                                BootstrapConfig* config, std::ostream& err,
                                                int* exitCode) {
  *exitCode = 2;
  if (!loadConfig(configOption, config, err)) {
    return nullptr;
  }
  *exitCode = 1;
  return openDatabase(*config, err);
}

std::optional<Settings> loadSavedSettings(const std::string& configOption,
                                          const std::string& command, BootstrapConfig* config,
                                          std::ostream& err, int* exitCode) {
  auto db = loadConfigAndDatabase(configOption, config, err, exitCode);
  if (!db) {
    return std::nullopt;
  }
  Result<Settings> loaded = SettingsStore(*db).load();
  if (!loaded.ok()) {
    err << command << ": " << loaded.error().message() << "\n";
    return std::nullopt;
  }
  *exitCode = 0;
  return std::move(*loaded);
}

}  // namespace enp::cli
