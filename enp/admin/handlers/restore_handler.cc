#include "enp/admin/handlers/restore_handler.h"

#include "enp/admin/auth/password_confirm.h"
#include "enp/backup/restore.h"
#include "enp/common/secrets.h"

namespace enp::admin {

void RestoreHandler::addRoutes(RouteTable* routes) {
  routes->push_back({.method = "POST",
                     .pattern = "/api/v1/admin/restore",
                     .access = Access::kAny,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { restore(c); },
                     .role = Role::kAdmin,
                     .maxBodyBytes = kMaxRestoreBytes});
}

void RestoreHandler::restore(AdminCall& call) {
  const std::string password = call.request().get("X-ENP-Password", "");
  if (!passwordRepeated(call, deps_.users, deps_.passwords, password,
                        {"restore a backup", "restores", "restore.password", "restore"})) {
    return;
  }
  std::string archive;
  if (!call.rawBody("application/x-tar", &archive)) {
    return;
  }
  const Result<backup::RestoreReport> staged = backup::stageRestore(archive, deps_.dataDir);
  if (!staged.ok()) {
    if (staged.error().code() == StatusCode::kInvalid) {
      call.sendError(400, "archive: " + staged.error().message());
    } else {
      call.sendInternalError(staged.error());
    }
    return;
  }
  Poco::JSON::Object details;
  details.set("bytes", static_cast<uint64_t>(archive.size()));
  details.set("sha256", sha256Hex(archive));
  details.set("schemaVersion", staged->schemaVersion);
  details.set("createdAt", staged->createdAtMs);
  if (!call.audit("restore.stage", "restore", details)) {
    return;
  }
  Poco::JSON::Object out;
  out.set("staged", true);
  out.set("schemaVersion", staged->schemaVersion);
  out.set("createdAt", staged->createdAtMs);
  out.set("bytes", static_cast<uint64_t>(archive.size()));
  out.set("message", "Restore staged: restart ENP to apply it.");
  call.sendJson(200, out);
}

}  // namespace enp::admin
