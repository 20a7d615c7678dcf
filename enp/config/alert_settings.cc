// The "alerts" section of the settings document: alert mail and the thresholds of the checks.
#include "enp/config/alert_settings.h"

#include <Poco/JSON/Array.h>

#include "enp/common/log_text.h"
#include "enp/config/json_fields.h"
#include "enp/config/smtp_presets.h"

namespace enp {

using json::join;

Status checkMailAddress(const std::string& address, const std::string& path) {
  const size_t at = address.rfind('@');
  if (address.size() > 254 || at == std::string::npos || at == 0 || at + 1 == address.size() ||
      address.find_first_of(" \t\"'<>,;:()[]\\") != std::string::npos || address.find('@') != at) {
    return Status::invalid(path + ": expected a mail address (name@example.com), got '" +
                           forLog(address, 64) + "'");
  }
  return Status();
}

namespace {

Status readSmtp(const Poco::JSON::Object& o, const std::string& p, SmtpSettings* s,
                AlertCheck check) {
  const bool input = check == AlertCheck::kInput;
  const json::Text line = input ? json::Text::kLine : json::Text::kUnchecked;
  if (input) {
    ENP_RETURN_IF_ERROR(json::checkFields(o, p,
                                          {"preset", "host", "port", "security", "username",
                                           "password", "passwordSet", "from", "caFile"}));
  }
  ENP_RETURN_IF_ERROR(json::getString(o, "preset", p, &s->preset, line));
  const SmtpPreset* preset = nullptr;
  if (!s->preset.empty()) {
    preset = findSmtpPreset(s->preset);
    if (preset == nullptr) {
      return Status::invalid(join(p, "preset") +
                             ": expected icloud|microsoft365|gmail|gmail-tls|relay, got '" +
                             forLog(s->preset, 64) + "'");
    }
    s->host = preset->host;
    s->port = preset->port;
    s->security = preset->security;
  }
  std::string security(toString(s->security));
  ENP_RETURN_IF_ERROR(json::getString(o, "host", p, &s->host, line));
  ENP_RETURN_IF_ERROR(json::getInt(o, "port", p, 1, 65535, &s->port));
  ENP_RETURN_IF_ERROR(json::getString(o, "security", p, &security, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "username", p, &s->username, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "password", p, &s->password, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "from", p, &s->from, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "caFile", p, &s->caFile, line));
  const auto parsed = parseSmtpSecurity(security);
  if (!parsed) {
    return Status::invalid(join(p, "security") + ": expected starttls|tls|none, got '" +
                           forLog(security, 64) + "'");
  }
  s->security = *parsed;
  if (!input) {
    return Status();
  }
  if (s->host.find_first_of(" /@") != std::string::npos) {
    return Status::invalid(join(p, "host") + ": expected a host name or address, got '" +
                           forLog(s->host, 64) + "'");
  }
  if (s->security == SmtpSecurity::kNone && !s->username.empty()) {
    return Status::invalid(join(p, "security") +
                           ": credentials are never sent unencrypted: use starttls or tls, or "
                           "leave the username empty");
  }
  if (!s->from.empty()) {
    return checkMailAddress(s->from, join(p, "from"));
  }
  return Status();
}

}  // namespace

const char* toString(Severity severity) {
  return severity == Severity::kCritical ? "critical" : "warning";
}

std::optional<Severity> parseSeverity(std::string_view text) {
  if (text == "critical") {
    return Severity::kCritical;
  }
  if (text == "warning") {
    return Severity::kWarning;
  }
  return std::nullopt;
}

const char* toString(SmtpSecurity security) {
  switch (security) {
    case SmtpSecurity::kStartTls:
      return "starttls";
    case SmtpSecurity::kTls:
      return "tls";
    case SmtpSecurity::kNone:
      return "none";
  }
  return "starttls";
}

std::optional<SmtpSecurity> parseSmtpSecurity(std::string_view text) {
  for (SmtpSecurity s : {SmtpSecurity::kStartTls, SmtpSecurity::kTls, SmtpSecurity::kNone}) {
    if (text == toString(s)) {
      return s;
    }
  }
  return std::nullopt;
}

Status alertSettingsFromJson(const Poco::JSON::Object& o, const std::string& p, AlertSettings* a,
                             AlertCheck check) {
  const bool input = check == AlertCheck::kInput;
  const json::Text line = input ? json::Text::kLine : json::Text::kUnchecked;
  if (input) {
    ENP_RETURN_IF_ERROR(
        json::checkFields(o, p,
                          {"smtp", "recipients", "minSeverity", "repeatMinutes", "sendResolved",
                           "groupSeconds", "queueAgeMinutes", "minFreeDiskMb"}));
  }
  Poco::JSON::Object::Ptr smtp;
  std::string minSeverity(toString(a->minSeverity));
  ENP_RETURN_IF_ERROR(json::getObject(o, "smtp", p, &smtp));
  ENP_RETURN_IF_ERROR(json::getStringArray(o, "recipients", p, &a->recipients, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "minSeverity", p, &minSeverity, line));
  ENP_RETURN_IF_ERROR(json::getInt(o, "repeatMinutes", p, 0, 7 * 24 * 60, &a->repeatMinutes));
  ENP_RETURN_IF_ERROR(json::getBool(o, "sendResolved", p, &a->sendResolved));
  ENP_RETURN_IF_ERROR(json::getInt(o, "groupSeconds", p, 0, 3600, &a->groupSeconds));
  ENP_RETURN_IF_ERROR(json::getInt(o, "queueAgeMinutes", p, 1, 7 * 24 * 60, &a->queueAgeMinutes));
  ENP_RETURN_IF_ERROR(json::getInt(o, "minFreeDiskMb", p, 0, 1 << 24, &a->minFreeDiskMb));
  const auto severity = parseSeverity(minSeverity);
  if (!severity) {
    return Status::invalid(join(p, "minSeverity") + ": expected critical|warning, got '" +
                           forLog(minSeverity, 64) + "'");
  }
  a->minSeverity = *severity;
  if (smtp) {
    Status s = readSmtp(*smtp, join(p, "smtp"), &a->smtp, check);
    if (!s.ok()) {
      return s;
    }
  }
  if (!input) {
    return Status();
  }
  if (a->recipients.size() > 50) {
    return Status::invalid(join(p, "recipients") + ": at most 50 addresses, got " +
                           std::to_string(a->recipients.size()));
  }
  for (size_t i = 0; i < a->recipients.size(); ++i) {
    Status s =
        checkMailAddress(a->recipients[i], join(p, "recipients") + "[" + std::to_string(i) + "]");
    if (!s.ok()) {
      return s;
    }
  }
  if (!a->recipients.empty()) {
    if (a->smtp.host.empty()) {
      return Status::invalid(join(p, "smtp.host") + ": required to mail the recipients");
    }
    if (a->smtp.from.empty()) {
      return Status::invalid(join(p, "smtp.from") + ": required to mail the recipients");
    }
  }
  return Status();
}

Poco::JSON::Object::Ptr alertSettingsToJson(const AlertSettings& a, bool withSecrets) {
  Poco::JSON::Object::Ptr smtp = new Poco::JSON::Object;
  smtp->set("preset", a.smtp.preset);
  smtp->set("host", a.smtp.host);
  smtp->set("port", a.smtp.port);
  smtp->set("security", std::string(toString(a.smtp.security)));
  smtp->set("username", a.smtp.username);
  if (withSecrets) {
    smtp->set("password", a.smtp.password);
  } else if (!a.smtp.password.empty()) {
    smtp->set("passwordSet", true);
  }
  smtp->set("from", a.smtp.from);
  smtp->set("caFile", a.smtp.caFile);
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("smtp", smtp);
  Poco::JSON::Array::Ptr recipients = new Poco::JSON::Array;
  for (const auto& r : a.recipients) {
    recipients->add(r);
  }
  o->set("recipients", recipients);
  o->set("minSeverity", std::string(toString(a.minSeverity)));
  o->set("repeatMinutes", a.repeatMinutes);
  o->set("sendResolved", a.sendResolved);
  o->set("groupSeconds", a.groupSeconds);
  o->set("queueAgeMinutes", a.queueAgeMinutes);
  o->set("minFreeDiskMb", a.minFreeDiskMb);
  return o;
}

}  // namespace enp
