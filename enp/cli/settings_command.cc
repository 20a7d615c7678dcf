#include <Poco/JSON/Parser.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/utf8.h"
#include "enp/cli/commands.h"
#include "enp/cli/common_options.h"
#include "enp/cli/options.h"
#include "enp/config/json_fields.h"
#include "enp/store/settings_store.h"

namespace enp::cli {
namespace {

constexpr const char* kUsage =
    "usage: enp settings export [--config PATH] [--with-secrets] FILE   (FILE - = stdout)\n"
    "       enp settings import [--config PATH] FILE                    (FILE - = stdin)\n";

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

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

int importSettings(SettingsStore& store, const std::string& file, std::ostream& out,
                   std::ostream& err) {
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream f(file);
    if (!f) {
      err << "enp settings import: cannot read " << file << "\n";
      return 1;
    }
    text.assign(std::istreambuf_iterator<char>(f), {});
  }
  if (!base::utf8::isValid(text)) {
    err << "enp settings import: " << file << ": " << base::utf8::invalidProblem(text) << "\n";
    return 1;
  }
  Poco::JSON::Object::Ptr doc;
  try {
    doc = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception& e) {
    err << "enp settings import: " << file << ": not a JSON object\n";
    return 1;
  }
  Result<Settings> parsed = settingsFromJson(*doc);
  if (!parsed.ok()) {
    err << "enp settings import: " << parsed.error().message() << "\n";
    return 1;
  }
  Settings& next = *parsed;
  const Result<Settings> previous = store.load();
  if (Status kept = keepSecrets(previous.ok() ? *previous : Settings{}, &next); !kept.ok()) {
    err << "enp settings import: " << kept.message() << "\n";
    return 1;
  }
  // Secrets kept from the stored settings are checked with what now surrounds them (a kept key
  // must suit a changed algorithm), as the admin API does.
  if (Result<Settings> checked = settingsFromJson(*settingsToJson(next, true)); !checked.ok()) {
    err << "enp settings import: " << checked.error().message() << "\n";
    return 1;
  }
  if (Status saved = store.save(next, nowMs()); !saved.ok()) {
    err << "enp settings import: " << saved.message() << "\n";
    return 1;
  }
  out << "imported: " << next.exchange.size() << " Exchange server(s), "
      << next.registrationKeys.size() << " registration key(s)\n";
  for (const auto& p : next.incomplete()) {
    out << "note: " << p << "\n";
  }
  return 0;
}

}  // namespace

int settingsCommand(const Args& args, std::ostream& out, std::ostream& err) {
  Options opts({"config"}, {"help", "with-secrets"});
  if (Status parsed = opts.parse(args); !parsed.ok()) {
    err << "enp settings: " << parsed.message() << "\n" << kUsage;
    return 2;
  }
  if (opts.has("help")) {
    out << kUsage;
    return 0;
  }
  const auto& pos = opts.positional();
  if (pos.size() != 2 || (pos[0] != "export" && pos[0] != "import") ||
      (pos[0] == "import" && opts.has("with-secrets"))) {
    err << "enp settings: expected export or import and one FILE\n" << kUsage;
    return 2;
  }
  BootstrapConfig config;
  if (!loadConfig(opts.get("config"), &config, err)) {
    return 2;
  }
  auto db = openDatabase(config, err);
  if (!db) {
    return 1;
  }
  SettingsStore store(*db);
  if (pos[0] == "export") {
    return exportSettings(store, opts.has("with-secrets"), pos[1], out, err);
  }
  return importSettings(store, pos[1], out, err);
}

}  // namespace enp::cli
