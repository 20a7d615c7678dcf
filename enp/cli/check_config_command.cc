#include <ostream>

#include "enp/cli/commands.h"
#include "enp/cli/common_options.h"
#include "enp/cli/options.h"
#include "enp/sink/cns/cns_config.h"
#include "enp/sink/cns/cns_signer.h"
#include "enp/store/settings_store.h"

namespace enp::cli {

int checkConfigCommand(const Args& args, std::ostream& out, std::ostream& err) {
  Options opts({"config"}, {"help"});
  const Status parsed = opts.parse(args);
  if (!parsed.ok() || !opts.positional().empty()) {
    err << "enp check-config: " << (parsed.ok() ? "unexpected argument" : parsed.message())
        << "\nusage: enp check-config [--config PATH]\n";
    return 2;
  }
  if (opts.has("help")) {
    out << "usage: enp check-config [--config PATH]\n"
           "Validates the bootstrap file and the stored settings; exit 0 when ENP can run.\n";
    return 0;
  }
  BootstrapConfig config;
  if (!loadConfig(opts.get("config"), &config, err)) {
    return 1;
  }
  out << "bootstrap: ok (data in " << config.dataDir << ", public " << config.publicListen.str()
      << ", admin " << config.adminListen.str() << ")\n";
  auto db = openDatabase(config, err);
  if (!db) {
    return 1;
  }
  const Result<Settings> loaded = SettingsStore(*db).load();
  if (!loaded.ok()) {
    err << "settings: " << loaded.error().message() << "\n";
    return 1;
  }
  const Settings& settings = *loaded;
  int problems = 0;
  for (const auto& p : settings.incomplete()) {
    out << "settings: " << p << "\n";
    ++problems;
  }
  if (!settings.cns.key.empty()) {
    Result<CnsConfig> cns = toCnsConfig(settings.cns);
    Result<CnsSignerPtr> signer = cns.ok() ? CnsSigner::create(*cns) : cns.error();
    if (!signer.ok()) {
      out << "settings: " << signer.error().message() << "\n";
      ++problems;
    }
  }
  out << (problems == 0 ? "settings: ok\n" : "settings: incomplete\n");
  return problems == 0 ? 0 : 1;
}

}  // namespace enp::cli
