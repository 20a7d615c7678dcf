#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "enp/common/status.h"

namespace enp {

/// How urgent an alert is; alerts.minSeverity filters the mail by it.
enum class Severity { kWarning, kCritical };

const char* toString(Severity severity);
std::optional<Severity> parseSeverity(std::string_view text);

/// How the connection to the SMTP server is protected.
enum class SmtpSecurity {
  kStartTls,  ///< Plain connect, then STARTTLS; a server that does not offer it is an error.
  kTls,       ///< TLS from the first byte ("SMTPS", port 465).
  kNone,      ///< No TLS: an internal relay only, and never with credentials.
};

const char* toString(SmtpSecurity security);
std::optional<SmtpSecurity> parseSmtpSecurity(std::string_view text);

/// How ENP reaches the administrator's mail server (settings "alerts.smtp").
struct SmtpSettings {
  std::string preset;  ///< "" or a preset's name (smtp_presets.h); fills host, port, security.
  std::string host;
  int port = 587;
  SmtpSecurity security = SmtpSecurity::kStartTls;
  std::string username;  ///< "" = no authentication.
  std::string password;  ///< Secret: never in logs, errors, mail, the console or an export.
  std::string from;      ///< The sender address of alert mail.
  std::string caFile;    ///< PEM bundle to trust; "" = the system's trust store.
};

/// Alert mail (settings "alerts"). Defaults are the documented ones.
struct AlertSettings {
  SmtpSettings smtp;
  std::vector<std::string> recipients;  ///< Empty = no alert mail (the console still shows them).
  Severity minSeverity = Severity::kWarning;  ///< Alerts below it are shown, not mailed.
  int repeatMinutes = 240;   ///< A still-firing alert is mailed again after this; 0 = never.
  bool sendResolved = true;  ///< One "resolved" mail when an alert that was mailed clears.
  int groupSeconds = 30;     ///< Alerts firing within this window go out in one mail.
  int queueAgeMinutes = 10;  ///< "queue-backlog" when the oldest queued event is older.
  int minFreeDiskMb = 512;   ///< "disk-space" when the data directory's file system has less.

  /// True when there is somewhere to send mail: recipients, a host and a sender.
  bool mailEnabled() const { return !recipients.empty() && !smtp.host.empty(); }
};

/// A mail address as alert mail needs it (it goes into headers and SMTP commands): one '@', no
/// spaces, quotes, commas or brackets, at most 254 bytes. The error names `path`.
Status checkMailAddress(const std::string& address, const std::string& path);

/// How much alertSettingsFromJson() checks (as SettingsCheck in settings.h).
enum class AlertCheck { kInput, kStored };

/// Reads the "alerts" section; `path` prefixes error messages ("alerts"). A preset fills host,
/// port and security where the document leaves them out. Errors name the field:
/// "alerts.smtp.security: expected starttls|tls|none, got 'ssl'". With kInput unknown members
/// are errors and the "passwordSet" marker of an export without secrets is accepted.
Status alertSettingsFromJson(const Poco::JSON::Object& o, const std::string& path,
                             AlertSettings* out, AlertCheck check = AlertCheck::kInput);

/// The section; the SMTP password only withSecrets (else "passwordSet": true when stored).
Poco::JSON::Object::Ptr alertSettingsToJson(const AlertSettings& a, bool withSecrets);

}  // namespace enp
