#pragma once

#include <cstdint>
#include <optional>

#include "enp/admin/admin_call.h"
#include "enp/admin/auth/login_limiter.h"
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
///                                        must repeat its password: 403 "password: the password
///                                        is wrong" (audited as settings.export.failed, or
///                                        .locked), 429 with Retry-After after too many wrong
///                                        ones (`passwords`, as logins are limited); audited
class SettingsHandler {
 public:
  struct Deps {
    SettingsEditor& editor;
    AdminUserStore& users;
    /// Wrong passwords repeated to export secrets, per user and client address; counted apart
    /// from logins, so that a mistyped confirmation does not lock the user out of the console.
    LoginLimiter& passwords;
  };
  explicit SettingsHandler(Deps deps)
      : editor_(deps.editor), users_(deps.users), passwords_(deps.passwords) {}

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
  LoginLimiter& passwords_;
};

}  // namespace enp::admin
