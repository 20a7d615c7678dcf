#include "enp/admin/settings_editor.h"

#include "enp/decide/policy_json.h"

namespace enp::admin {

Result<Settings> SettingsEditor::load() { return store_.load(); }

Status SettingsEditor::checkRegistrationDefaults(const std::string& json,
                                                 const std::string& path) const {
  return enp::checkRegistrationDefaults(json, path, zones_);
}

Result<int64_t> SettingsEditor::version() { return store_.version(); }

Status SettingsEditor::edit(const std::function<Status(Settings&)>& change) {
  std::lock_guard<std::mutex> lock(mutex_);
  Result<Settings> s = load();
  if (!s.ok()) {
    return Status::internal("the stored settings cannot be read: " + s.error().toString());
  }
  ENP_RETURN_IF_ERROR(change(*s));
  // The same validation as `enp settings import`: the document must parse back.
  Result<Settings> checked = settingsFromJson(*settingsToJson(*s, true));
  if (!checked.ok()) {
    return checked.error();
  }
  ENP_RETURN_IF_ERROR(checkRegistrationDefaults(checked->policy.registrationDefaults,
                                                "policy.registrationDefaults"));
  ENP_RETURN_IF_ERROR(store_.save(*checked, clock_.nowMs()));
  cache_.invalidate();
  return Status();
}

}  // namespace enp::admin
