#include <fstream>
#include <sstream>

#include "enp/cli/commands.h"
#include "enp/cli/common_options.h"
#include "enp/cli/options.h"
#include "enp/cli/settings_import.h"
#include "enp/decide/zone_loader.h"
#include "enp/store/settings_store.h"

namespace enp::cli {
namespace {

constexpr const char* kUsage =
    "usage: enp settings export [--config PATH] [--with-secrets] FILE   (FILE - = stdout)\n"
    "       enp settings import [--config PATH] [--replace] [--dry-run] [--zones XML] FILE\n"
    "                                                                   (FILE - = stdin)\n"
    "import: each section the file holds (exchange, cns, registrationKeys, policy, alerts)\n"
    "replaces its own; sections it does not hold are left as they are, or with --replace\n"
    "reset to their defaults. A secret a section leaves out keeps its stored value. The\n"
    "changes are printed (secrets only as added, changed, removed or kept); --dry-run\n"
    "prints them and saves nothing. Nothing is saved when any field is wrong.\n";

int exportSettings(SettingsStore& store, bool withSecrets, const std::string& file,
                   std::ostream& out, std::ostream& err) {
  const Result<Settings> s = store.load();
  if (!s.ok()) {
    err << "enp settings export: " << s.error().message() << "\n";
    return 1;
  }
  std::ostringstream text;
  settingsToJson(*s, withSecrets)->stringify(text, 2);
  text << "\n";
  if (file == "-") {
    out << text.str();
    return 0;
  }
  std::ofstream f(file, std::ios::trunc);
  f << text.str();
  if (!f) {
    err << "enp settings export: cannot write " << file << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int settingsCommand(const Args& args, std::ostream& out, std::ostream& err) {
  Options opts({"config", "zones"}, {"help", "with-secrets", "replace", "dry-run"});
  if (Status parsed = opts.parse(args); !parsed.ok()) {
    err << "enp settings: " << parsed.message() << "\n" << kUsage;
    return 2;
  }
  if (opts.has("help")) {
    out << kUsage;
    return 0;
  }
  const auto& pos = opts.positional();
  if (pos.size() != 2 || (pos[0] != "export" && pos[0] != "import")) {
    err << "enp settings: expected export or import and one FILE\n" << kUsage;
    return 2;
  }
  for (const char* option : {"replace", "dry-run", "zones"}) {
    if (pos[0] == "export" && opts.has(option)) {
      err << "enp settings: --" << option << " is for import\n" << kUsage;
      return 2;
    }
  }
  if (pos[0] == "import" && opts.has("with-secrets")) {
    err << "enp settings: --with-secrets is for export\n" << kUsage;
    return 2;
  }
  BootstrapConfig config;
  int exitCode = 0;
  auto db = loadConfigAndDatabase(opts.get("config"), &config, err, &exitCode);
  if (!db) {
    return exitCode;
  }
  if (pos[0] == "export") {
    SettingsStore store(*db);
    return exportSettings(store, opts.has("with-secrets"), pos[1], out, err);
  }
  return importSettingsFile(*db,
                            {.file = pos[1],
                             .replace = opts.has("replace"),
                             .dryRun = opts.has("dry-run"),
                             .zonesPath = opts.get("zones", kDefaultWindowsZonesPath)},
                            out, err);
}

}  // namespace enp::cli
