#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "enp/config/bootstrap.h"
#include "enp/config/settings.h"
#include "enp/store/database.h"

namespace enp::cli {

/// Default bootstrap file: used when --config is not given and the file exists.
inline constexpr const char* kDefaultConfigPath = "/etc/enp/enp.conf";

/// Loads the bootstrap file named by --config (or the default when present). False with a
/// message on err.
bool loadConfig(const std::string& configOption, BootstrapConfig* out, std::ostream& err);

/// Opens (creating) the database the bootstrap file points at; nullptr with a message on err.
std::unique_ptr<Database> openDatabase(const BootstrapConfig& config, std::ostream& err);

/// loadConfig(), then openDatabase() of that file's database, for the commands that read or
/// change what is stored. nullptr with a message on err and *exitCode 2 for a bad bootstrap
/// file, 1 for a database that does not open.
std::unique_ptr<Database> loadConfigAndDatabase(const std::string& configOption,
                                                BootstrapConfig* config, std::ostream& err,
                                                int* exitCode);

/// For the commands that check what is saved (`enp ews test`, `enp graph test`, `enp alerts
/// test`): the bootstrap file into *config, then the stored settings. nullopt with a message
/// on err ("<command>: ...") and *exitCode 2 for a bad bootstrap file, 1 otherwise.
std::optional<Settings> loadSavedSettings(const std::string& configOption,
                                          const std::string& command, BootstrapConfig* config,
                                          std::ostream& err, int* exitCode);

}  // namespace enp::cli
