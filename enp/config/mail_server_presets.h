#pragma once

#include <string>
#include <vector>

#include "enp/config/mail_server.h"

namespace enp {

/// A provider's incoming mail servers, so an administrator picks "iCloud" instead of looking up
/// hosts and ports. `requirements` says what the provider asks of each account (docs/imap.md).
struct MailServerPreset {
  std::string name;      ///< As in settings: "icloud", "gmail", "yahoo", "fastmail", "custom".
  std::string label;     ///< For the console.
  std::string imapHost;  ///< "" = the administrator names it (custom).
  int imapPort = 993;
  std::string pop3Host;  ///< "" = the provider offers no POP3 (iCloud) or custom.
  int pop3Port = 995;
  bool custom = false;
  std::string requirements;
};

/// Every preset, in the console's order.
const std::vector<MailServerPreset>& mailServerPresets();

/// The preset of that name; nullptr when there is none.
const MailServerPreset* findMailServerPreset(const std::string& name);

}  // namespace enp
