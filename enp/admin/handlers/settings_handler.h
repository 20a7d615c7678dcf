#pragma once

#include <cstdint>
#include <optional>

#include "enp/admin/admin_call.h"
#include "enp/admin/import_plan.h"
#include "enp/admin/settings_editor.h"
#include "enp/store/admin_user_store.h"

namespace enp::admin {

/// The whole settings document (DESIGN §4.2.1), as `enp settings export/import`:
///   GET  /api/v1/admin/settings          -> the document without secrets ("<secret>Set": true)
///   POST /api/v1/admin/settings/import   a document, whole or in part -> 200 {dryRun, mode,
///                                        replaced, kept, changes, version}: each section the
///                                        document holds replaces its own, the others are
///                                        kept (?replace=1: reset); ?dryRun=1 only says what
///                                        would change; ?version=N (a preview's) answers 409
///                                        when the settings changed since. Validated whole
///                                        before anything changes; a secret left out keeps its
///                                        stored value (servers by name, keys by label), so an
///                                        export without secrets re-imports; audited with the
///                                        changes (never a secret)
///   PUT  /api/v1/admin/settings          the whole document -> 200 the saved document (no
///                                        secrets): a full replacement, so every section must
///                                        be there (400 naming the one missing)
///   POST /api/v1/admin/settings/export   {withSecrets: bool, password?} -> the document; with
///                                        secrets only on this explicit request, and a session
///                                        must repeat its password (403 otherwise); audited
class SettingsHandler {
 public:
  SettingsHandler(SettingsEditor& editor, AdminUserStore& users) : editor_(editor), users_(users) {}

  void addRoutes(RouteTable* routes);

 private:
  void get(AdminCall& call);
  void put(AdminCall& call);
  void importDocument(AdminCall& call);
  void exportDocument(AdminCall& call);
  /// Plans the import against the stored settings and saves it, under the editor's lock; with
  /// `previewed`, only while the settings are still at that version; with `whole`, only a
  /// document holding every section. Audited. Answers the failure and returns nothing.
  std::optional<ImportPlan> apply(AdminCall& call, const Poco::JSON::Object& doc, ImportMode mode,
                                  std::optional<int64_t> previewed, bool whole);

  SettingsEditor& editor_;
  AdminUserStore& users_;
};

}  // namespace enp::admin
