#include "enp/config/smtp_presets.h"

namespace enp {

const std::vector<SmtpPreset>& smtpPresets() {
  static const std::vector<SmtpPreset> kPresets = {
      {"icloud", "iCloud Mail", "smtp.mail.me.com", 587, SmtpSecurity::kStartTls, true,
       "user name: the full iCloud address; password: an app-specific password "
       "(appleid.apple.com, Sign-In and Security); from: that address or one of its aliases"},
      {"microsoft365", "Microsoft 365", "smtp.office365.com", 587, SmtpSecurity::kStartTls, true,
       "user name: the full address of a licensed mailbox with SMTP AUTH enabled "
       "(Microsoft 365 admin center, Mail, Authenticated SMTP); from: that mailbox"},
      {"gmail", "Gmail (STARTTLS)", "smtp.gmail.com", 587, SmtpSecurity::kStartTls, true,
       "user name: the full Gmail or Workspace address; password: an app password "
       "(needs 2-Step Verification)"},
      {"gmail-tls", "Gmail (TLS)", "smtp.gmail.com", 465, SmtpSecurity::kTls, true,
       "as Gmail (STARTTLS), with TLS from the first byte on port 465"},
      {"relay", "Internal relay", "", 25, SmtpSecurity::kNone, false,
       "an internal mail relay that accepts mail from ENP's address without authentication; "
       "set its host (and starttls if it offers it)"},
  };
  return kPresets;
}

const SmtpPreset* findSmtpPreset(const std::string& name) {
  for (const SmtpPreset& p : smtpPresets()) {
    if (p.name == name) {
      return &p;
    }
  }
  return nullptr;
}

}  // namespace enp
