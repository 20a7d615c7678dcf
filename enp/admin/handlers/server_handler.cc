#include "enp/admin/handlers/server_handler.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "enp/admin/pem_tools.h"
#include "enp/config/json_fields.h"
#include "enp/http/http_util.h"

namespace enp::admin {
namespace {

// Replaces the file at path (mode 0600) by `text`, atomically.
Status writeFile(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::invalid(path + ": cannot write");
  }
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::invalid(path + ": cannot write");
  }
  return Status();
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

void ServerHandler::addRoutes(RouteTable* routes) {
  routes->push_back({"GET", "/metrics", Access::kPublic, false, false, [this](AdminCall& c) {
                       http::send(c.response(), 200, "text/plain; version=0.0.4; charset=utf-8",
                                  deps_.metrics.render());
                     }});
  routes->push_back({"GET", "/healthz", Access::kPublic, false, false, [](AdminCall& c) {
                       Poco::JSON::Object o;
                       o.set("status", "ok");
                       c.sendJson(200, o);
                     }});
  routes->push_back({.method = "GET",
                     .pattern = "/api/v1/admin/listeners",
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { listeners(c); },
                     .role = Role::kOperator});
  routes->push_back({.method = "GET",
                     .pattern = "/api/v1/admin/tls",
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { getTls(c); },
                     .role = Role::kOperator});
  routes->push_back(
      {"PUT", "/api/v1/admin/tls", Access::kAny, true, false, [this](AdminCall& c) { putTls(c); }});
}

void ServerHandler::listeners(AdminCall& call) {
  const BootstrapConfig& c = deps_.config;
  Poco::JSON::Object pub, adm, out;
  pub.set("listen", c.publicListen.host + ":" + std::to_string(c.publicListen.port));
  pub.set("port", deps_.publicPort);
  pub.set("tls", !c.publicTlsCert.empty());
  pub.set("baseUrl", deps_.baseUrl);
  adm.set("listen", c.adminListen.host + ":" + std::to_string(c.adminListen.port));
  adm.set("port", deps_.adminPort);
  adm.set("tls", true);
  out.set("public", pub);
  out.set("admin", adm);
  out.set("note", "listeners are set in the bootstrap file and take effect at restart");
  call.sendJson(200, out);
}

void ServerHandler::getTls(AdminCall& call) {
  Poco::JSON::Object out;
  out.set("source", !deps_.config.adminTlsCert.empty()    ? "bootstrap"
                    : deps_.certificates.changed("admin") ? "uploaded"
                                                          : "data-dir");
  out.set("certFile", deps_.adminCertFile);
  if (const Result<CertificateInfo> info = readCertificate(readFile(deps_.adminCertFile));
      info.ok()) {
    out.set("subject", info->subject);
    out.set("issuer", info->issuer);
    out.set("notBefore", info->notBefore);
    out.set("notAfter", info->notAfter);
    out.set("selfSigned", info->selfSigned);
  } else {
    out.set("error", info.error().message());
  }
  out.set("pendingRestart", deps_.certificates.changed("admin"));
  call.sendJson(200, out);
}

void ServerHandler::putTls(AdminCall& call) {
  if (!deps_.config.adminTlsCert.empty()) {
    call.sendError(409, "the bootstrap file names admin.tls_cert; replace that file instead");
    return;
  }
  auto body = call.jsonBody();
  if (!body) {
    return;
  }
  std::string cert, key;
  Status read = json::getString(*body, "certificate", "", &cert, json::Text::kLines);
  if (read.ok()) {
    read = json::getString(*body, "key", "", &key, json::Text::kLines);
  }
  if (!read.ok()) {
    call.sendStatus(read);
    return;
  }
  const Result<CertificateInfo> parsed = readCertificate(cert);
  const Status matches = parsed.ok() ? checkCertificateKey(cert, key) : parsed.error();
  if (!matches.ok()) {
    call.sendStatus(matches);
    return;
  }
  const CertificateInfo& info = *parsed;
  const std::string dir = deps_.config.dataDir;
  Status written = writeFile(dir + "/admin-key.pem", key);
  if (written.ok()) {
    written = writeFile(dir + "/admin-cert.pem", cert);
  }
  if (!written.ok()) {
    call.sendError(500, written.message());
    return;
  }
  Poco::JSON::Object details;
  details.set("subject", info.subject);
  details.set("notAfter", info.notAfter);
  if (!call.audit("tls.replace", "admin listener", details)) {
    return;
  }
  Poco::JSON::Object out;
  out.set("subject", info.subject);
  out.set("notAfter", info.notAfter);
  out.set("pendingRestart", deps_.certificates.changed("admin"));
  out.set("note",
          "the new certificate is used once reloaded (System page) or from the next start of ENP");
  call.sendJson(200, out);
}

}  // namespace enp::admin
