#include "enp/admin/settings_editor.h"

#include <Poco/JSON/Parser.h>

#include <stdexcept>

#include "enp/decide/policy_json.h"

namespace enp::admin {

Settings SettingsEditor::load() {
  Settings s;
  std::string error;
  if (!store_.load(&s, &error)) {
    throw std::runtime_error(error);
  }
  return s;
}

std::string SettingsEditor::checkRegistrationDefaults(const std::string& json,
                                                      const std::string& path) const {
  Poco::JSON::Object::Ptr obj;
  try {
    obj = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return path + ": expected an object";
  }
  Result<rules::Policy> policy = policyFromJson(*obj, zones_, PolicyInput{});
  if (!policy.ok()) {
    return path + "." + policy.error().message();
  }
  return "";
}

EditResult SettingsEditor::edit(const std::function<EditResult(Settings&)>& change) {
  std::lock_guard<std::mutex> lock(mutex_);
  Settings s = load();
  EditResult r = change(s);
  if (!r.ok()) {
    return r;
  }
  // The same validation as `enp settings import`: the document must parse back.
  Result<Settings> reread = settingsFromJson(*settingsToJson(s, true));
  if (!reread.ok()) {
    return EditResult::fail(400, reread.error().message());
  }
  const Settings& checked = *reread;
  std::string error =
      checkRegistrationDefaults(checked.policy.registrationDefaults, "policy.registrationDefaults");
  if (!error.empty()) {
    return EditResult::fail(400, error);
  }
  if (!store_.save(checked, clock_.nowMs(), &error)) {
    return EditResult::fail(500, error);
  }
  cache_.invalidate();
  return {};
}

}  // namespace enp::admin
