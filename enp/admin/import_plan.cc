#include "enp/admin/import_plan.h"

#include <Poco/JSON/Array.h>

#include "enp/decide/policy_json.h"

namespace enp::admin {
namespace {

// Room for the changes in the audit log's 4 KiB of details, beside the sections.
constexpr size_t kAuditChangeBytes = 3300;

Poco::JSON::Array::Ptr names(const std::vector<std::string>& list) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const std::string& name : list) {
    out->add(name);
  }
  return out;
}

Poco::JSON::Object::Ptr summary(const ImportPlan& plan) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("mode", std::string(plan.mode == ImportMode::kReplace ? "replace" : "merge"));
  o->set("replaced", names(plan.imported.replaced));
  o->set("kept", names(plan.imported.kept));
  return o;
}

}  // namespace

Result<ImportPlan> planImport(const Settings& stored, const Poco::JSON::Object& doc,
                              ImportMode mode, const rules::ZoneDb& zones) {
  Result<ImportedSettings> imported = importSettings(stored, doc, mode);
  if (!imported.ok()) {
    return imported.error();
  }
  ENP_RETURN_IF_ERROR(checkRegistrationDefaults(imported->settings.policy.registrationDefaults,
                                                "policy.registrationDefaults", zones));
  ImportPlan plan;
  plan.mode = mode;
  plan.changes = settingsChanges(stored, imported->settings, imported->replaced);
  plan.imported = std::move(*imported);
  return plan;
}

Poco::JSON::Object::Ptr planToJson(const ImportPlan& plan) {
  Poco::JSON::Object::Ptr o = summary(plan);
  o->set("changes", changesToJson(plan.changes));
  return o;
}

Poco::JSON::Object auditDetails(const ImportPlan& plan) {
  Poco::JSON::Object::Ptr o = summary(plan);
  std::vector<SettingChange> changed;  // a secret kept is no change
  for (const SettingChange& c : plan.changes) {
    if (c.kind != SettingChange::Kind::kKept) {
      changed.push_back(c);
    }
  }
  size_t omitted = 0;
  o->set("changes", changesToJson(changed, kAuditChangeBytes, &omitted));
  if (omitted > 0) {
    o->set("changesOmitted", static_cast<int>(omitted));
  }
  return *o;
}

}  // namespace enp::admin
