#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/config/settings.h"

namespace enp {

/// How a settings document (`enp settings import`, the console's import) meets the stored
/// settings.
enum class ImportMode {
  /// Each top-level section the document holds replaces that section as a whole; a section it
  /// does not hold is left as it is. The default: a file holding only "policy" changes only the
  /// policy.
  kMerge,
  /// The document is all of the settings: a section it does not hold is reset to its defaults
  /// (no Exchange server, no CNS, no registration key ...), its secrets with it. Asked for
  /// explicitly (`--replace`, `?replace=1`, `PUT settings`).
  kReplace,
};

/// The top-level sections of the settings document, in its order: exchange, graph, mailServers,
/// cns, registrationKeys, policy, alerts.
const std::vector<std::string>& settingsSections();

/// A document applied to the stored settings.
struct ImportedSettings {
  Settings settings;                  ///< What to save.
  std::vector<std::string> replaced;  ///< Sections set from the document (kReplace: all).
  std::vector<std::string> kept;      ///< Sections left as they were (kReplace: none).
};

/// Applies `doc` to `stored`; pure. The document is validated whole first (kInvalid naming the
/// field: "cns.algorithm: expected HS256|RS256|ES256, got 'none'"). In a section the document
/// holds, a secret it leaves out keeps its stored value by keepSecrets()'s rules (servers by
/// name, keys by label, never sent to another host: kInvalid naming it otherwise). A section it
/// does not hold (absent or null) keeps its stored value with kMerge, and takes its defaults,
/// secrets included, with kReplace. The result is validated whole again, so that a kept secret
/// suits what now surrounds it (a kept CNS key a changed algorithm).
Result<ImportedSettings> importSettings(const Settings& stored, const Poco::JSON::Object& doc,
                                        ImportMode mode);

}  // namespace enp
