#include <ostream>

#include "enp/cli/commands.h"
#include "enp/cli/common_options.h"
#include "enp/cli/options.h"
#include "enp/store/settings_store.h"
#include "ews/client.h"

namespace enp::cli {
namespace {

constexpr const char* kUsage = "usage: enp ews test --mailbox ADDRESS [--config PATH]\n";

/// Plain words for what an administrator must fix.
std::string explain(const ews::Error& e) {
  if (e.code == "ErrorImpersonateUserDenied" || e.code == "ErrorImpersonationDenied") {
    return "the service account lacks the ApplicationImpersonation role for this mailbox "
           "(New-ManagementRoleAssignment -Role ApplicationImpersonation -User <account>)";
  }
  if (e.code == "ErrorNonExistentMailbox") {
    return "Exchange knows no mailbox with this primary SMTP address";
  }
  if (e.kind == ews::ErrorKind::kHttp && e.httpStatus == 401) {
    return "Exchange refused the service account's credentials (user name, password or "
           "authentication type)";
  }
  if (e.code == "ErrorAccessDenied") {
    return "the service account may not read this mailbox";
  }
  if (e.kind == ews::ErrorKind::kTransport) {
    return "Exchange could not be reached (URL, DNS, firewall or TLS certificate)";
  }
  if (e.code == "ErrorServerBusy") {
    return "Exchange is throttling the service account; try again later";
  }
  return "unexpected answer from Exchange";
}

}  // namespace

int ewsCommand(const Args& args, std::ostream& out, std::ostream& err) {
  Options opts({"config", "mailbox"}, {"help"});
  std::string error;
  if (!opts.parse(args, &error)) {
    err << "enp ews: " << error << "\n" << kUsage;
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
  if (!loadConfig(opts.get("config"), &config, err)) {
    return 2;
  }
  auto db = openDatabase(config, err);
  if (!db) {
    return 1;
  }
  Settings settings;
  if (!SettingsStore(*db).load(&settings, &error)) {
    err << "enp ews test: " << error << "\n";
    return 1;
  }
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
  ews::Client client(*transport, {server->ewsUrl, server->version});
  // A well-formed id of no item: an item-level "not found" proves every step before it.
  auto r = client.getItems(mailbox, {"AAMkAGVucC1ld3MtdGVzdC1ub25leGlzdGVudC1pdGVtAAA="});
  out << "server: " << server->name << " (" << server->ewsUrl << ")\n";
  if (!r.ok()) {
    out << "FAILED: " << explain(r.error()) << "\n  " << r.error().describe() << "\n";
    return 1;
  }
  if (!r->empty() && !r->front().ok()) {
    const auto& e = r->front().error;
    if (e.code != "ErrorItemNotFound" && e.code != "ErrorInvalidIdMalformed" &&
        e.code != "ErrorInvalidIdNotAnItemAttachmentId") {
      out << "FAILED: " << explain(e) << "\n  " << e.describe() << "\n";
      return 1;
    }
  }
  out << "OK: credentials, impersonation of " << mailbox << " and GetItem access work\n";
  return 0;
}

}  // namespace enp::cli
