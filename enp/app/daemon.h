#pragma once

#include <memory>
#include <string>

#include "enp/config/bootstrap.h"

namespace enp {

/// `enp serve`: composes the store, the listeners and the pipeline, and runs until SIGTERM or
/// SIGINT. Shutdown: stop accepting, let in-flight work finish within the grace period, leave
/// the rest queued. Returns the process exit code.
int runDaemon(const BootstrapConfig& config, const std::string& zonesPath);

}  // namespace enp
