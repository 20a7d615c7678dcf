#include "enp/config/settings.h"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <set>

#include "enp/common/log_text.h"
#include "enp/config/json_fields.h"

namespace enp {

bool settingsFromJson(const Poco::JSON::Object& doc, Settings* out, std::string* error,
                      SettingsCheck check) {
  static const std::set<std::string> kTop = {"exchange", "cns", "registrationKeys", "policy",
                                             "alerts"};
  for (const auto& [key, value] : doc) {
    if (kTop.count(key) == 0) {
      *error = key + ": unknown setting";
      return false;
    }
  }
  Settings s;
  if (doc.has("exchange")) {
    auto arr = doc.getArray("exchange");
    if (!arr) {
      *error = "exchange: expected an array";
      return false;
    }
    std::set<std::string> names;
    for (unsigned i = 0; i < arr->size(); ++i) {
      std::string path = "exchange[" + std::to_string(i) + "]";
      auto o = arr->getObject(i);
      if (!o) {
        *error = path + ": expected an object";
        return false;
      }
      ExchangeServer server;
      if (!exchangeServerFromJson(*o, path, &server, error, check)) {
        return false;
      }
      if (!names.insert(server.name).second) {
        *error = path + ".name: '" + forLog(server.name, 64) + "' is used twice";
        return false;
      }
      s.exchange.push_back(std::move(server));
    }
  }
  Poco::JSON::Object::Ptr cns, policy;
  if (!json::getObject(doc, "cns", "", &cns, error) ||
      (cns && !cnsFromJson(*cns, "cns", &s.cns, error, check)) ||
      !json::getObject(doc, "policy", "", &policy, error) ||
      (policy && !policySettingsFromJson(*policy, "policy", &s.policy, error, check))) {
    return false;
  }
  Poco::JSON::Object::Ptr alerts;
  if (!json::getObject(doc, "alerts", "", &alerts, error)) {
    return false;
  }
  if (alerts) {
    const Status read = alertSettingsFromJson(
        *alerts, "alerts", &s.alerts,
        check == SettingsCheck::kInput ? AlertCheck::kInput : AlertCheck::kStored);
    if (!read.ok()) {
      *error = read.message();
      return false;
    }
  }
  if (doc.has("registrationKeys")) {
    auto arr = doc.getArray("registrationKeys");
    if (!arr) {
      *error = "registrationKeys: expected an array";
      return false;
    }
    for (unsigned i = 0; i < arr->size(); ++i) {
      std::string path = "registrationKeys[" + std::to_string(i) + "]";
      auto o = arr->getObject(i);
      RegistrationKey k;
      if (!o) {
        *error = path + ": expected an object";
        return false;
      }
      if (check == SettingsCheck::kInput &&
          !json::checkFields(*o, path, {"label", "key", "keySet"}, error)) {
        return false;
      }
      const json::Text line =
          check == SettingsCheck::kInput ? json::Text::kLine : json::Text::kUnchecked;
      if (!json::getString(*o, "label", path, &k.label, error, line) ||
          !json::getString(*o, "key", path, &k.key, error, line)) {
        return false;
      }
      if (k.label.empty()) {
        *error = path + ".label: required";
        return false;
      }
      if (!k.key.empty() && k.key.size() < 22) {
        *error = path + ".key: too short (at least 22 characters, i.e. 128 bits)";
        return false;
      }
      s.registrationKeys.push_back(std::move(k));
    }
  }
  *out = std::move(s);
  return true;
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

void keepSecrets(const Settings& previous, Settings* next) {
  for (auto& e : next->exchange) {
    for (const auto& old : previous.exchange) {
      if (old.name == e.name && e.auth.password.empty()) {
        e.auth.password = old.auth.password;
      }
    }
  }
  if (next->cns.token.empty()) {
    next->cns.token = previous.cns.token;
  }
  if (next->cns.key.empty()) {
    next->cns.key = previous.cns.key;
  }
  if (next->alerts.smtp.password.empty() &&
      next->alerts.smtp.username == previous.alerts.smtp.username) {
    next->alerts.smtp.password = previous.alerts.smtp.password;
  }
  for (auto& k : next->registrationKeys) {
    for (const auto& old : previous.registrationKeys) {
      if (old.label == k.label && k.key.empty()) {
        k.key = old.key;
      }
    }
  }
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
