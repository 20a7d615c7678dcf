#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>

#include <cstddef>
#include <string>
#include <vector>

#include "enp/config/settings.h"

namespace enp {

/// One difference between two versions of the settings: what an import would change (the
/// console's preview, `enp settings import`) and did change (the audit log). Never holds a
/// secret's value: a secret's entry only says that it was added, changed, removed or kept.
struct SettingChange {
  enum class Kind { kAdded, kRemoved, kChanged, kKept };
  std::string section;  ///< "exchange", "cns", "registrationKeys", "policy" or "alerts"
  /// "cns.url", "exchange[mail1].auth.username", "registrationKeys[uem]", "exchange" (its
  /// order): servers are named by name, registration keys by label.
  std::string path;
  Kind kind = Kind::kChanged;
  bool secret = false;  ///< A password, token or key: before and after stay empty.
  /// The JSON values as in an export without secrets; before is empty for kAdded, after for
  /// kRemoved.
  Poco::Dynamic::Var before;
  Poco::Dynamic::Var after;
};

/// "added", "removed", "changed", "kept".
const char* toString(SettingChange::Kind kind);

/// What differs from `before` to `after` in the given top-level sections; pure. Servers are
/// matched by name and registration keys by label (a renamed server is one removed and one
/// added, each with its whole value); the order of the servers, which decides the server for
/// a mailbox, is one "exchange" entry (the names before and after) when it changed. Objects
/// are compared member by member (policy.registrationDefaults too), lists and other values as
/// a whole. kKept is only for secrets: one stored before and after alike, in a section that
/// was compared, so that a preview can say a secret the document left out is kept.
std::vector<SettingChange> settingsChanges(const Settings& before, const Settings& after,
                                           const std::vector<std::string>& sections);

/// True when the list holds more than kept secrets.
bool anyChange(const std::vector<SettingChange>& changes);

/// [{"path", "change", "before"?, "after"?, "secret"?}], in the list's order. With
/// `maxBytes` > 0 (the audit log keeps 4 KiB of details), values whose JSON is longer than
/// 160 bytes are cut to a string, and entries stop before their JSON passes maxBytes;
/// *omitted (when given) counts the entries left out.
Poco::JSON::Array::Ptr changesToJson(const std::vector<SettingChange>& changes, size_t maxBytes = 0,
                                     size_t* omitted = nullptr);

/// One line for a person: `policy.privacy: "full" -> "none"`, `exchange[mail2]: added
/// {"auth":...}`, `cns.token: secret kept`. Values over 400 bytes of JSON are cut.
std::string describeChange(const SettingChange& change);

}  // namespace enp
