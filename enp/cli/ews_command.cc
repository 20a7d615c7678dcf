#include <ostream>

#include "enp/cli/commands.h"
#include "enp/cli/common_options.h"
#include "enp/cli/options.h"
#include "enp/source/ews/ews_check.h"

namespace enp::cli {
namespace {

constexpr const char* kUsage = "usage: enp ews test --mailbox ADDRESS [--config PATH]\n";

}  // namespace

int ewsCommand(const Args& args, std::ostream& out, std::ostream& err) {
  Options opts({"config", "mailbox"}, {"help"});
  if (Status parsed = opts.parse(args); !parsed.ok()) {
    err << "enp ews: " << parsed.message() << "\n" << kUsage;
    return 2;
  }
  if (opts.has("help")) {
    out << kUsage
        << "Reads a (non-existent) item of the mailbox through impersonation: success means the "
           "credentials, the impersonation right and GetItem access all work.\n";
    return 0;
  }
  if (opts.positional() != std::vector<std::string>{"test"} || opts.get("mailbox").empty()) {
    err << "enp ews: expected `test --mailbox ADDRESS`\n" << kUsage;
    return 2;
  }
  BootstrapConfig config;
  int exitCode = 0;
  const std::optional<Settings> loaded =
      loadSavedSettings(opts.get("config"), "enp ews test", &config, err, &exitCode);
  if (!loaded) {
    return exitCode;
  }
  const Settings& settings = *loaded;
  const std::string mailbox = opts.get("mailbox");
  const ExchangeServer* server = settings.serverFor(mailbox);
  if (server == nullptr) {
    err << "enp ews test: no Exchange server configured for " << mailbox << "\n";
    return 1;
  }
  ews::TransportOptions options;
  options.auth = server->auth;
  options.caFile = server->caFile;
  auto transport = ews::makeCurlTransport(options);
  auto result = checkExchangeAccess(*server, mailbox, *transport);
  out << "server: " << server->name << " (" << server->ewsUrl << ")\n";
  if (!result.ok) {
    out << "FAILED: " << result.explanation << "\n  " << result.detail << "\n";
    return 1;
  }
  out << "OK: " << result.explanation << "\n";
  return 0;
}

}  // namespace enp::cli
