#include "enp/config/settings.h"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <set>

#include "enp/common/log_text.h"
#include "enp/config/json_fields.h"
#include "enp/config/secret_origin.h"

namespace enp {

Result<Settings> settingsFromJson(const Poco::JSON::Object& doc, SettingsCheck check) {
  static const std::set<std::string> kTop = {"exchange", "cns", "registrationKeys", "policy",
                                             "alerts"};
  for (const auto& [key, value] : doc) {
    if (kTop.count(key) == 0) {
      return Status::invalid(key + ": unknown setting");
    }
  }
  Settings s;
  if (doc.has("exchange")) {
    auto arr = doc.getArray("exchange");
    if (!arr) {
      return Status::invalid("exchange: expected an array");
    }
    std::set<std::string> names;
    for (unsigned i = 0; i < arr->size(); ++i) {
      std::string path = "exchange[" + std::to_string(i) + "]";
      auto o = arr->getObject(i);
      if (!o) {
        return Status::invalid(path + ": expected an object");
      }
      Result<ExchangeServer> server = exchangeServerFromJson(*o, path, check);
      if (!server.ok()) {
        return server.error();
      }
      if (!names.insert(server->name).second) {
        return Status::invalid(path + ".name: '" + forLog(server->name, 64) + "' is used twice");
      }
      s.exchange.push_back(std::move(*server));
    }
  }
  Poco::JSON::Object::Ptr cns, policy;
  ENP_RETURN_IF_ERROR(json::getObject(doc, "cns", "", &cns));
  if (cns) {
    Result<CnsSettings> c = cnsFromJson(*cns, "cns", check);
    if (!c.ok()) {
      return c.error();
    }
    s.cns = std::move(*c);
  }
  ENP_RETURN_IF_ERROR(json::getObject(doc, "policy", "", &policy));
  if (policy) {
    Result<PolicySettings> p = policySettingsFromJson(*policy, "policy", check);
    if (!p.ok()) {
      return p.error();
    }
    s.policy = std::move(*p);
  }
  Poco::JSON::Object::Ptr alerts;
  ENP_RETURN_IF_ERROR(json::getObject(doc, "alerts", "", &alerts));
  if (alerts) {
    ENP_RETURN_IF_ERROR(alertSettingsFromJson(
        *alerts, "alerts", &s.alerts,
        check == SettingsCheck::kInput ? AlertCheck::kInput : AlertCheck::kStored));
  }
  if (doc.has("registrationKeys")) {
    auto arr = doc.getArray("registrationKeys");
    if (!arr) {
      return Status::invalid("registrationKeys: expected an array");
    }
    for (unsigned i = 0; i < arr->size(); ++i) {
      std::string path = "registrationKeys[" + std::to_string(i) + "]";
      auto o = arr->getObject(i);
      RegistrationKey k;
      if (!o) {
        return Status::invalid(path + ": expected an object");
      }
      if (check == SettingsCheck::kInput) {
        ENP_RETURN_IF_ERROR(json::checkFields(*o, path, {"label", "key", "keySet"}));
      }
      const json::Text line =
          check == SettingsCheck::kInput ? json::Text::kLine : json::Text::kUnchecked;
      ENP_RETURN_IF_ERROR(json::getString(*o, "label", path, &k.label, line));
      ENP_RETURN_IF_ERROR(json::getString(*o, "key", path, &k.key, line));
      if (k.label.empty()) {
        return Status::invalid(path + ".label: required");
      }
      if (!k.key.empty() && k.key.size() < 22) {
        return Status::invalid(path + ".key: too short (at least 22 characters, i.e. 128 bits)");
      }
      s.registrationKeys.push_back(std::move(k));
    }
  }
  return s;
}

Poco::JSON::Object::Ptr settingsToJson(const Settings& s, bool withSecrets) {
  Poco::JSON::Object::Ptr doc = new Poco::JSON::Object;
  Poco::JSON::Array::Ptr servers = new Poco::JSON::Array;
  for (const auto& e : s.exchange) {
    servers->add(exchangeServerToJson(e, withSecrets));
  }
  doc->set("exchange", servers);
  doc->set("cns", cnsToJson(s.cns, withSecrets));
  Poco::JSON::Array::Ptr keys = new Poco::JSON::Array;
  for (const auto& k : s.registrationKeys) {
    keys->add(registrationKeyToJson(k, withSecrets));
  }
  doc->set("registrationKeys", keys);
  doc->set("policy", policySettingsToJson(s.policy));
  doc->set("alerts", alertSettingsToJson(s.alerts, withSecrets));
  return doc;
}

Status keepSecrets(const Settings& previous, Settings* next) {
  for (size_t i = 0; i < next->exchange.size(); ++i) {
    ExchangeServer& e = next->exchange[i];
    for (const auto& old : previous.exchange) {
      if (old.name == e.name && e.auth.password.empty() && !old.auth.password.empty()) {
        ENP_RETURN_IF_ERROR(secretMayFollow("exchange[" + std::to_string(i) + "].auth.password",
                                            old.ewsUrl, e.ewsUrl));
        e.auth.password = old.auth.password;
      }
    }
  }
  if (next->cns.token.empty() && !previous.cns.token.empty()) {
    if (!next->cns.url.empty()) {  // No URL: the token goes nowhere until one is set.
      ENP_RETURN_IF_ERROR(secretMayFollow("cns.token", previous.cns.url, next->cns.url));
    }
    next->cns.token = previous.cns.token;
  }
  if (next->cns.key.empty()) {
    next->cns.key = previous.cns.key;  // Signs; never sent anywhere.
  }
  const SmtpSettings& oldSmtp = previous.alerts.smtp;
  SmtpSettings& smtp = next->alerts.smtp;
  if (smtp.password.empty() && !oldSmtp.password.empty() && smtp.username == oldSmtp.username) {
    if (smtp.host != oldSmtp.host || smtp.port != oldSmtp.port) {
      return Status::invalid(
          "alerts.smtp.password: the mail server is now " + smtp.host + ":" +
          std::to_string(smtp.port) + " instead of " + oldSmtp.host + ":" +
          std::to_string(oldSmtp.port) +
          ": enter it again (a stored secret is only sent where it was saved for)");
    }
    smtp.password = oldSmtp.password;
  }
  for (auto& k : next->registrationKeys) {
    for (const auto& old : previous.registrationKeys) {
      if (old.label == k.label && k.key.empty()) {
        k.key = old.key;
      }
    }
  }
  return Status();
}

const ExchangeServer* Settings::serverFor(const std::string& mailbox) const {
  auto at = mailbox.rfind('@');
  std::string domain = at == std::string::npos ? "" : Poco::toLower(mailbox.substr(at + 1));
  const ExchangeServer* fallback = nullptr;
  for (const auto& e : exchange) {
    for (const auto& d : e.domains) {
      if (d == domain) {
        return &e;
      }
    }
    if (e.domains.empty() && fallback == nullptr) {
      fallback = &e;
    }
  }
  return fallback;
}

std::vector<std::string> Settings::incomplete() const {
  std::vector<std::string> missing;
  if (exchange.empty()) {
    missing.push_back("exchange: no Exchange server configured");
  }
  if (cns.url.empty()) {
    missing.push_back("cns.url: not set");
  }
  if (cns.token.empty()) {
    missing.push_back("cns.token: not set");
  }
  if (cns.key.empty()) {
    missing.push_back("cns.key: not set");
  }
  if (cns.organizationId.empty()) {
    missing.push_back("cns.organizationId: not set");
  }
  if (cns.audience.empty()) {
    missing.push_back("cns.audience: not set");
  }
  if (registrationKeys.empty()) {
    missing.push_back("registrationKeys: none, so no device can register");
  }
  return missing;
}

}  // namespace enp
