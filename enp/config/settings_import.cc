#include "enp/config/settings_import.h"

namespace enp {
namespace {

void copySection(const Settings& from, Settings* to, const std::string& section) {
  if (section == "exchange") {
    to->exchange = from.exchange;
  } else if (section == "graph") {
    to->graph = from.graph;
  } else if (section == "mailServers") {
    to->mailServers = from.mailServers;
  } else if (section == "cns") {
    to->cns = from.cns;
  } else if (section == "registrationKeys") {
    to->registrationKeys = from.registrationKeys;
  } else if (section == "policy") {
    to->policy = from.policy;
  } else if (section == "alerts") {
    to->alerts = from.alerts;
  }
}

}  // namespace

const std::vector<std::string>& settingsSections() {
  static const std::vector<std::string> kSections = {
      "exchange", "graph", "mailServers", "cns", "registrationKeys", "policy", "alerts"};
  return kSections;
}

Result<ImportedSettings> importSettings(const Settings& stored, const Poco::JSON::Object& doc,
                                        ImportMode mode) {
  Result<Settings> parsed = settingsFromJson(doc);
  if (!parsed.ok()) {
    return parsed.error();
  }
  ImportedSettings out;
  Settings& next = *parsed;
  std::vector<std::string> absent;
  for (const std::string& section : settingsSections()) {
    if (doc.has(section) && !doc.isNull(section)) {
      out.replaced.push_back(section);
    } else {
      // Stored values while secrets are matched, so keepSecrets() carries nothing into a
      // section the document does not hold (kReplace resets those below).
      absent.push_back(section);
      copySection(stored, &next, section);
    }
  }
  ENP_RETURN_IF_ERROR(keepSecrets(stored, &next));
  if (mode == ImportMode::kReplace) {
    const Settings defaults;
    for (const std::string& section : absent) {
      copySection(defaults, &next, section);
    }
    out.replaced = settingsSections();
  } else {
    out.kept = std::move(absent);
  }
  // Kept secrets are checked with what now surrounds them, like everything else.
  Result<Settings> checked = settingsFromJson(*settingsToJson(next, true));
  if (!checked.ok()) {
    return checked.error();
  }
  out.settings = std::move(next);
  return out;
}

}  // namespace enp
