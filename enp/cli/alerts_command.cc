#include <ostream>

#include "enp/alert/test_mail.h"
#include "enp/cli/commands.h"
#include "enp/cli/common_options.h"
#include "enp/cli/options.h"
#include "enp/common/clock.h"

namespace enp::cli {
namespace {

constexpr const char* kUsage = "usage: enp alerts test [--to ADDRESS] [--config PATH]\n";

}  // namespace

int alertsCommand(const Args& args, std::ostream& out, std::ostream& err) {
  Options opts({"config", "to"}, {"help"});
  if (Status parsed = opts.parse(args); !parsed.ok()) {
    err << "enp alerts: " << parsed.message() << "\n" << kUsage;
    return 2;
  }
  if (opts.has("help")) {
    out << kUsage
        << "Sends a test mail through the stored alert settings (alerts.smtp) to ADDRESS, or to "
           "alerts.recipients, and says how the SMTP conversation ended.\n";
    return 0;
  }
  if (opts.positional() != std::vector<std::string>{"test"}) {
    err << "enp alerts: expected `test`\n" << kUsage;
    return 2;
  }
  const std::string to = opts.get("to");
  if (!to.empty()) {
    const Status address = checkMailAddress(to, "--to");
    if (!address.ok()) {
      err << "enp alerts: " << address.message() << "\n" << kUsage;
      return 2;
    }
  }
  BootstrapConfig config;
  int exitCode = 0;
  const std::optional<Settings> settings =
      loadSavedSettings(opts.get("config"), "enp alerts test", &config, err, &exitCode);
  if (!settings) {
    return exitCode;
  }
  const AlertSettings& a = settings->alerts;
  const std::vector<std::string> recipients =
      to.empty() ? a.recipients : std::vector<std::string>{to};
  out << "server: " << (a.smtp.host.empty() ? "(not set)" : a.smtp.host) << ":" << a.smtp.port
      << " (" << toString(a.smtp.security) << ")\n";
  SmtpMailer mailer;
  const Status sent = sendTestMail(mailer, a, recipients, SystemClock().nowMs(),
                                   "https://" + config.adminListen.host + ":" +
                                       std::to_string(config.adminListen.port) + "/#/alerts");
  if (!sent.ok()) {
    out << "FAILED: " << sent.message() << "\n";
    return 1;
  }
  std::string list;
  for (const auto& r : recipients) {
    list += (list.empty() ? "" : ", ") + r;
  }
  out << "OK: the server accepted the test mail for " << list << "\n";
  return 0;
}

}  // namespace enp::cli
