#pragma once

#include <string>

#include "enp/admin/admin_call.h"
#include "enp/admin/auth/login_limiter.h"
#include "enp/store/admin_user_store.h"

namespace enp::admin {

/// The largest backup archive the console uploads.
inline constexpr size_t kMaxRestoreBytes = size_t{512} << 20;

/// A backup uploaded for restore (admin):
///   POST /api/v1/admin/restore   Content-Type application/x-tar, the archive as the body;
///        X-ENP-Password: the session's password, repeated as for the backup download (403
///        "password"/429, audited as restore.password.failed/.locked, counted with the
///        backup's and export's)
///     -> 200 {staged: true, schemaVersion, createdAt, bytes, message}
/// The archive is verified as `enp restore` does (manifest, checksums, key, the database's
/// integrity, a schema not newer than this ENP's) and staged in <data_dir>/restore-staged,
/// replacing one staged before; the running daemon cannot swap the database it has open, so
/// `enp serve` puts it in place at its next start (backup::applyStagedRestore). 400 "archive:
/// ..." when it is not a whole ENP backup (nothing staged); 413 beyond kMaxRestoreBytes.
/// Audited as restore.stage with {bytes, sha256, schemaVersion, createdAt}.
class RestoreHandler {
 public:
  struct Deps {
    AdminUserStore& users;
    LoginLimiter& passwords;  ///< Shared with the backup download and the export with secrets.
    std::string dataDir;
  };
  explicit RestoreHandler(Deps deps) : deps_(std::move(deps)) {}

  void addRoutes(RouteTable* routes);

 private:
  void restore(AdminCall& call);

  Deps deps_;
};

}  // namespace enp::admin
