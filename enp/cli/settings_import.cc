#include "enp/cli/settings_import.h"

#include <Poco/JSON/Parser.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "base/utf8.h"
#include "enp/admin/import_plan.h"
#include "enp/common/clock.h"
#include "enp/decide/zone_loader.h"
#include "enp/store/audit_store.h"
#include "enp/store/settings_store.h"

namespace enp::cli {
namespace {

constexpr const char* kName = "enp settings import: ";

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    out += (out.empty() ? "" : ", ") + n;
  }
  return out;
}

Result<Poco::JSON::Object::Ptr> readDocument(const std::string& file) {
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream f(file);
    if (!f) {
      return Status::invalid("cannot read " + file);
    }
    text.assign(std::istreambuf_iterator<char>(f), {});
  }
  if (!base::utf8::isValid(text)) {
    return Status::invalid(file + ": " + base::utf8::invalidProblem(text));
  }
  Poco::JSON::Object::Ptr doc;
  try {
    doc = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
  }
  if (!doc) {
    return Status::invalid(file + ": not a JSON object");
  }
  return doc;
}

}  // namespace

int importSettingsFile(Database& db, const SettingsImportOptions& options, std::ostream& out,
                       std::ostream& err) {
  const Result<Poco::JSON::Object::Ptr> doc = readDocument(options.file);
  if (!doc.ok()) {
    err << kName << doc.error().message() << "\n";
    return 1;
  }
  const Result<std::unique_ptr<rules::ZoneDb>> zones = loadZoneDb(options.zonesPath);
  if (!zones.ok()) {
    err << kName << "--zones: " << zones.error().message() << "\n";
    return 1;
  }
  SettingsStore store(db);
  Result<Settings> stored = store.load();
  if (!stored.ok() && options.replace) {
    stored = Settings{};  // Replaced whole: what cannot be read is not needed.
  }
  if (!stored.ok()) {
    err << kName << "the stored settings cannot be read (" << stored.error().message()
        << "): import them whole with --replace\n";
    return 1;
  }
  const ImportMode mode = options.replace ? ImportMode::kReplace : ImportMode::kMerge;
  const Result<admin::ImportPlan> plan = admin::planImport(*stored, **doc, mode, **zones);
  if (!plan.ok()) {
    err << kName << plan.error().message() << "\n";
    return 1;
  }
  for (const SettingChange& change : plan->changes) {
    out << describeChange(change) << "\n";
  }
  if (!anyChange(plan->changes)) {
    out << "no change\n";
  }
  if (!plan->imported.kept.empty()) {
    out << "Sections not in the file were left as they are: " << joined(plan->imported.kept)
        << " (--replace resets them)\n";
  }
  if (options.dryRun) {
    out << "dry run: nothing saved\n";
    return 0;
  }
  SystemClock clock;
  Status saved = store.save(plan->imported.settings, clock.nowMs());
  if (saved.ok()) {
    std::ostringstream details;
    admin::auditDetails(*plan).stringify(details);
    saved = AuditStore(db).record(
        {0, clock.nowMs(), "cli", "settings.import", "settings", details.str()});
  }
  if (!saved.ok()) {
    err << kName << saved.message() << "\n";
    return 1;
  }
  const Settings& next = plan->imported.settings;
  out << "imported "
      << (options.replace ? "as all of the settings"
                          : "section(s) " + joined(plan->imported.replaced))
      << ": now " << next.exchange.size() << " Exchange server(s), " << next.registrationKeys.size()
      << " registration key(s)\n";
  for (const auto& p : next.incomplete()) {
    out << "note: " << p << "\n";
  }
  return 0;
}

}  // namespace enp::cli
