#pragma once

#include <string>
#include <vector>

#include "enp/admin/admin_call.h"
#include "enp/admin/auth/login_limiter.h"
#include "enp/admin/served_certificates.h"
#include "enp/common/clock.h"
#include "enp/config/bootstrap.h"
#include "enp/store/admin_user_store.h"
#include "enp/store/audit_store.h"
#include "enp/store/database.h"
#include "enp/store/event_store.h"

namespace enp::admin {

/// The installation at a glance, and its backup:
///   GET  /api/v1/admin/system   (operator) -> {version, node, startedAt, uptimeSeconds, dataDir,
///        restoreStaged (a console restore waits for the next start), databaseBytes, freeDiskBytes,
///        queue: {depth, oldestAt}, lastBackup: {at, actor, via} or null, certificates: [{listener,
///        file, subject, issuer, notAfter, daysLeft, selfSigned, state:
///        ok|expiring|expired|unreadable, restartNeeded}], reload} (times in ms since the epoch; a
///        certificate is "expiring" within 30 days; restartNeeded: the file changed since it was
///        loaded, the listener serves the old one until reloaded or restarted)
///   POST /api/v1/admin/system/reload-certificates   (admin) -> 200 as GET, after the TLS
///        listeners loaded their certificate files again (new connections get the new one,
///        open ones keep theirs); 503 naming the file that cannot be used (that listener keeps
///        its certificate). Audited as tls.reload.
///   POST /api/v1/admin/backup   (admin) {password} -> 200 application/x-tar, the archive of
///        `enp backup` (database copied online, data key, console certificate) as an
///        attachment. It holds every secret, so a session repeats its password as for an
///        export with secrets (403/429 as there, audited as backup.password.failed/.locked);
///        audited as backup.download with its size, SHA-256 and schema version.
class SystemHandler {
 public:
  struct Deps {
    Database& db;
    EventStore& events;
    AuditStore& audit;
    AdminUserStore& users;
    LoginLimiter& passwords;  ///< Shared with the export with secrets.
    const Clock& clock;
    std::string dataDir;
    ServedCertificates& certificates;
  };
  explicit SystemHandler(Deps deps);

  void addRoutes(RouteTable* routes);

 private:
  void get(AdminCall& call);
  void backup(AdminCall& call);
  void reloadCertificates(AdminCall& call);

  Deps deps_;
  const int64_t startedAt_;
};

}  // namespace enp::admin
