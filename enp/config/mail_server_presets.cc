#include "enp/config/mail_server_presets.h"

namespace enp {

const std::vector<MailServerPreset>& mailServerPresets() {
  static const std::vector<MailServerPreset> kPresets = {
      {"icloud", "iCloud Mail", "imap.mail.me.com", 993, "", 995, false,
       "IMAP only (no POP3); user name: the iCloud address or its name part; password: an "
       "app-specific password (account.apple.com, Sign-In and Security, App-Specific Passwords; "
       "needs two-factor authentication)"},
      {"gmail", "Gmail", "imap.gmail.com", 993, "pop.gmail.com", 995, false,
       "user name: the full Gmail or Workspace address; password: an app password (needs "
       "2-Step Verification; Workspace administrators may have to allow IMAP); POP3 must be "
       "enabled in Gmail's settings"},
      {"yahoo", "Yahoo Mail", "imap.mail.yahoo.com", 993, "pop.mail.yahoo.com", 995, false,
       "user name: the full Yahoo address; password: an app password (Account security, "
       "Generate app password)"},
      {"fastmail", "Fastmail", "imap.fastmail.com", 993, "pop.fastmail.com", 995, false,
       "user name: the full Fastmail address; password: an app password with IMAP (or POP) "
       "access (Settings, Privacy & Security, App passwords)"},
      {"custom", "Other server", "", 993, "", 995, true,
       "any IMAP4rev1 or POP3 server with TLS (or STARTTLS); name its host, and its CA file "
       "when its certificate is not publicly trusted"},
  };
  return kPresets;
}

const MailServerPreset* findMailServerPreset(const std::string& name) {
  for (const MailServerPreset& p : mailServerPresets()) {
    if (p.name == name) {
      return &p;
    }
  }
  return nullptr;
}

}  // namespace enp
