#pragma once

#include <string>
#include <vector>

#include "enp/config/alert_settings.h"

namespace enp {

/// A mail provider's submission settings, so an administrator picks "iCloud" instead of looking
/// up host, port and TLS mode. `requirements` says what the provider asks of the account.
struct SmtpPreset {
  std::string name;   ///< As in settings: "icloud", "microsoft365", "gmail", "gmail-tls", "relay"
  std::string label;  ///< For the console.
  std::string host;   ///< "" = the administrator names it (an internal relay).
  int port = 587;
  SmtpSecurity security = SmtpSecurity::kStartTls;
  bool authentication = true;
  std::string requirements;
};

/// Every preset, in the console's order.
const std::vector<SmtpPreset>& smtpPresets();

/// The preset of that name; nullptr when there is none.
const SmtpPreset* findSmtpPreset(const std::string& name);

}  // namespace enp
