#include "enp/admin/handlers/system_handler.h"

#include <Poco/Net/DNS.h>
#include <sys/stat.h>

#include <ctime>
#include <fstream>
#include <sstream>

#include "enp/admin/auth/password_confirm.h"
#include "enp/admin/pem_tools.h"
#include "enp/alert/conditions.h"
#include "enp/backup/backup_archive.h"
#include "enp/backup/restore.h"
#include "enp/common/secrets.h"
#include "enp/common/version.h"
#include "enp/config/json_fields.h"
#include "enp/http/http_util.h"

namespace enp::admin {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int64_t kExpiringDays = 30;

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string hostName() {
  try {
    return Poco::Net::DNS::hostName();
  } catch (const std::exception&) {
    return "";
  }
}

std::string fileStamp(int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%SZ", &tm);
  return text;
}

}  // namespace

SystemHandler::SystemHandler(Deps deps) : deps_(std::move(deps)), startedAt_(deps_.clock.nowMs()) {}

void SystemHandler::addRoutes(RouteTable* routes) {
  routes->push_back({.method = "GET",
                     .pattern = "/api/v1/admin/system",
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { get(c); },
                     .role = Role::kOperator});
  routes->push_back({.method = "POST",
                     .pattern = "/api/v1/admin/backup",
                     .access = Access::kAny,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { backup(c); },
                     .role = Role::kAdmin});
  routes->push_back({.method = "POST",
                     .pattern = "/api/v1/admin/system/reload-certificates",
                     .access = Access::kAny,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { reloadCertificates(c); },
                     .role = Role::kAdmin});
}

void SystemHandler::get(AdminCall& call) {
  const int64_t now = call.nowMs();
  Poco::JSON::Object out;
  out.set("version", std::string(version()));
  out.set("node", hostName());
  out.set("startedAt", startedAt_);
  out.set("uptimeSeconds", (now - startedAt_) / 1000);
  out.set("dataDir", deps_.dataDir);
  out.set("restoreStaged", backup::restoreStaged(deps_.dataDir));
  out.set("database", deps_.db.dialect() == sql::Dialect::kPostgres ? "postgresql" : "sqlite");
  if (const Result<int64_t> bytes = deps_.db.sizeBytes(); bytes.ok()) {
    out.set("databaseBytes", *bytes);
  }
  if (const Result<int64_t> free = freeBytes(deps_.dataDir); free.ok()) {
    out.set("freeDiskBytes", *free);
  }
  Poco::JSON::Object queue;
  const Result<int64_t> depth = deps_.events.queuedCount();
  const Result<std::optional<int64_t>> oldest = deps_.events.oldestQueuedAt();
  if (!depth.ok() || !oldest.ok()) {
    call.sendInternalError(depth.ok() ? oldest.error() : depth.error());
    return;
  }
  queue.set("depth", *depth);
  queue.set("oldestAt", oldest->has_value() ? Poco::Dynamic::Var(**oldest) : Poco::Dynamic::Var());
  out.set("queue", queue);
  const Result<std::vector<AuditEntry>> backups = deps_.audit.recent(50, "backup.");
  if (!backups.ok()) {
    call.sendInternalError(backups.error());
    return;
  }
  out.set("lastBackup", Poco::Dynamic::Var());
  for (const AuditEntry& e : *backups) {
    if (e.action == "backup.download" || e.action == "backup.create") {
      Poco::JSON::Object last;
      last.set("at", e.at);
      last.set("actor", e.actor);
      last.set("via", e.action == "backup.create" ? "enp backup" : "console");
      out.set("lastBackup", last);
      break;
    }
  }
  Poco::JSON::Array certificates;
  for (const ServedCertificates::Listener& l : deps_.certificates.listeners()) {
    Poco::JSON::Object c;
    c.set("listener", l.name);
    c.set("file", l.certFile);
    if (l.certFile.empty()) {
      c.set("state", "no-tls");
      certificates.add(c);
      continue;
    }
    const std::string pem = readFile(l.certFile);
    const Result<CertificateInfo> info = readCertificate(pem);
    if (!info.ok()) {
      c.set("state", "unreadable");
      c.set("error", info.error().message());
      certificates.add(c);
      continue;
    }
    const int64_t left = info->notAfter * 1000 - now;
    c.set("subject", info->subject);
    c.set("issuer", info->issuer);
    c.set("notAfter", info->notAfter * 1000);
    c.set("daysLeft", left <= 0 ? 0 : left / kDayMs);
    c.set("selfSigned", info->selfSigned);
    c.set("state", left <= 0 ? "expired" : left < kExpiringDays * kDayMs ? "expiring" : "ok");
    c.set("restartNeeded", deps_.certificates.changed(l.name));
    certificates.add(c);
  }
  out.set("certificates", certificates);
  out.set("reload",
          "after replacing a certificate file, reload the certificates (or restart ENP): new "
          "connections get the new one, open ones keep theirs");
  call.sendJson(200, out);
}

void SystemHandler::reloadCertificates(AdminCall& call) {
  const Result<std::vector<std::string>> done = deps_.certificates.reloadAll();
  Poco::JSON::Object details;
  details.set("ok", done.ok());
  if (!done.ok()) {
    details.set("error", done.error().message());
  }
  if (!call.audit("tls.reload", "certificates", details)) {
    return;
  }
  if (!done.ok()) {
    call.sendStatus(done.error());
    return;
  }
  get(call);
}

void SystemHandler::backup(AdminCall& call) {
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string password;
  if (Status read = json::getString(*body, "password", "", &password); !read.ok()) {
    call.sendStatus(read);
    return;
  }
  if (!passwordRepeated(call, deps_.users, deps_.passwords, password,
                        {"download a backup", "backups", "backup.password", "backup"})) {
    return;
  }
  const int64_t now = call.nowMs();
  const Result<std::string> archive = backup::makeBackup(deps_.db, deps_.dataDir, now);
  if (!archive.ok()) {
    call.sendInternalError(archive.error());
    return;
  }
  Poco::JSON::Object details;
  details.set("bytes", static_cast<uint64_t>(archive->size()));
  details.set("sha256", sha256Hex(*archive));
  details.set("schemaVersion", deps_.db.schemaVersion());
  if (!call.audit("backup.download", "backup", details)) {
    return;
  }
  const std::string node = hostName();
  call.response().set("Content-Disposition", "attachment; filename=\"enp-backup-" +
                                                 (node.empty() ? "" : node + "-") + fileStamp(now) +
                                                 ".tar\"");
  call.response().set("Cache-Control", "no-store");
  http::send(call.response(), 200, "application/x-tar", *archive);
}

}  // namespace enp::admin
