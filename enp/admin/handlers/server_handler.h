#pragma once

#include <atomic>
#include <string>

#include "enp/admin/admin_call.h"
#include "enp/admin/served_certificates.h"
#include "enp/common/metrics.h"
#include "enp/config/bootstrap.h"

namespace enp::admin {

/// The listeners, the admin TLS certificate, /metrics and /healthz:
///   GET /metrics                  public  Prometheus text
///   GET /healthz                  public  {"status":"ok"}
///   GET /api/v1/admin/listeners   -> {public: {listen, port, tls, baseUrl}, admin: {listen,
///                                    port, tls: true}} (read-only: the bootstrap file's)
///   GET /api/v1/admin/tls         -> {source: "generated"|"uploaded"|"bootstrap", certFile,
///                                    subject, issuer, notBefore, notAfter, selfSigned,
///                                    pendingRestart}
///   PUT /api/v1/admin/tls         {certificate, key} (PEM) -> 200 as GET; the pair must match;
///                                    written to <data_dir>/admin-cert.pem and admin-key.pem
///                                    (0600), used once reloaded (System page) or from the
///                                    next start (pendingRestart until then). 409 when the
///                                    bootstrap file names admin.tls_cert (replace that file
///                                    instead).
class ServerHandler {
 public:
  struct Deps {
    Metrics& metrics;
    BootstrapConfig config;
    unsigned short publicPort;
    unsigned short adminPort;
    std::string baseUrl;
    std::string adminCertFile;               ///< The certificate the admin listener serves now.
    const ServedCertificates& certificates;  ///< pendingRestart: the file is not the one served.
  };
  explicit ServerHandler(Deps deps) : deps_(std::move(deps)) {}

  void addRoutes(RouteTable* routes);

 private:
  void listeners(AdminCall& call);
  void getTls(AdminCall& call);
  void putTls(AdminCall& call);

  Deps deps_;
};

}  // namespace enp::admin
