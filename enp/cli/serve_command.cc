#include <ostream>

#include "enp/app/daemon.h"
#include "enp/cli/commands.h"
#include "enp/cli/common_options.h"
#include "enp/cli/options.h"
#include "enp/common/log.h"
#include "enp/decide/zone_loader.h"

namespace enp::cli {

int serveCommand(const Args& args, std::ostream& out, std::ostream& err) {
  Options opts({"config", "zones"}, {"help"});
  const Status parsed = opts.parse(args);
  if (!parsed.ok() || !opts.positional().empty()) {
    err << "enp serve: " << (parsed.ok() ? "unexpected argument" : parsed.message())
        << "\nusage: enp serve [--config PATH] [--zones WINDOWSZONES.XML]\n";
    return 2;
  }
  if (opts.has("help")) {
    out << "usage: enp serve [--config PATH] [--zones WINDOWSZONES.XML]\n"
           "Runs ENP in the foreground until SIGTERM/SIGINT. Without --config it reads "
        << kDefaultConfigPath << " when present, else uses the defaults (data in ./var).\n";
    return 0;
  }
  BootstrapConfig config;
  if (!loadConfig(opts.get("config"), &config, err)) {
    return 2;
  }
  log::init(config.logLevel);
  return runDaemon(config, opts.get("zones", kDefaultWindowsZonesPath));
}

}  // namespace enp::cli
