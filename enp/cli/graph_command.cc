#include <ostream>

#include "enp/cli/commands.h"
#include "enp/cli/common_options.h"
#include "enp/cli/options.h"
#include "enp/common/clock.h"
#include "enp/source/graph/graph_check.h"
#include "ews/transport.h"

namespace enp::cli {
namespace {

constexpr const char* kUsage = "usage: enp graph test [--mailbox ADDRESS] [--config PATH]\n";

// Prints one tenant's result; true when it passed.
bool report(const GraphTenant& tenant, const GraphCheckResult& r, std::ostream& out) {
  out << "tenant: " << tenant.name << " (" << tenant.tenantId << ", app " << tenant.clientId
      << ")\n";
  if (!r.ok) {
    out << "FAILED (" << r.step << "): " << r.explanation << "\n";
    if (!r.detail.empty()) {
      out << "  " << r.detail << "\n";
    }
    return false;
  }
  out << "OK: " << r.explanation << "\n";
  return true;
}

}  // namespace

int graphCommand(const Args& args, std::ostream& out, std::ostream& err) {
  Options opts({"config", "mailbox"}, {"help"});
  if (Status parsed = opts.parse(args); !parsed.ok()) {
    err << "enp graph: " << parsed.message() << "\n" << kUsage;
    return 2;
  }
  if (opts.has("help")) {
    out << kUsage
        << "Signs in to the Graph tenant with its saved credential (a certificate or a client "
           "secret); with --mailbox, the tenant serving that address, and reads the newest "
           "message of the mailbox's Inbox: success means the app registration, its Mail.Read "
           "permission with admin consent and the application access policy all work. Without "
           "--mailbox, every tenant signs in.\n";
    return 0;
  }
  if (opts.positional() != std::vector<std::string>{"test"}) {
    err << "enp graph: expected `test`\n" << kUsage;
    return 2;
  }
  BootstrapConfig config;
  int exitCode = 0;
  const std::optional<Settings> loaded =
      loadSavedSettings(opts.get("config"), "enp graph test", &config, err, &exitCode);
  if (!loaded) {
    return exitCode;
  }
  const Settings& settings = *loaded;
  SystemClock clock;
  const std::string mailbox = opts.get("mailbox");
  if (!mailbox.empty()) {
    const GraphTenant* tenant = settings.graphFor(mailbox);
    if (tenant == nullptr) {
      err << "enp graph test: no graph tenant lists the domain of " << mailbox << "\n";
      return 1;
    }
    return report(*tenant, checkGraphAccess(*tenant, mailbox, ews::makeCurlTransport, clock), out)
               ? 0
               : 1;
  }
  if (settings.graph.empty()) {
    err << "enp graph test: no graph tenant configured\n";
    return 1;
  }
  bool allOk = true;
  for (const GraphTenant& tenant : settings.graph) {
    allOk =
        report(tenant, checkGraphAccess(tenant, "", ews::makeCurlTransport, clock), out) && allOk;
  }
  return allOk ? 0 : 1;
}

}  // namespace enp::cli
