#include "enp/config/settings.h"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <set>

#include "enp/common/log_text.h"
#include "enp/config/json_fields.h"
#include "enp/config/secret_origin.h"

namespace enp {
namespace {

// "graph": the tenants; names are unique, and a domain belongs to one tenant.
Status graphFromJson(const Poco::JSON::Object& doc, SettingsCheck check,
                     std::vector<GraphTenant>* out) {
  if (!doc.has("graph") || doc.isNull("graph")) {
    return Status();
  }
  auto arr = doc.getArray("graph");
  if (!arr) {
    return Status::invalid("graph: expected an array");
  }
  std::set<std::string> names, domains;
  for (unsigned i = 0; i < arr->size(); ++i) {
    const std::string path = "graph[" + std::to_string(i) + "]";
    auto o = arr->getObject(i);
    if (!o) {
      return Status::invalid(path + ": expected an object");
    }
    Result<GraphTenant> tenant = graphTenantFromJson(*o, path, check);
    if (!tenant.ok()) {
      return tenant.error();
    }
    if (!names.insert(tenant->name).second) {
      return Status::invalid(path + ".name: '" + forLog(tenant->name, 64) + "' is used twice");
    }
    for (const std::string& d : tenant->domains) {
      if (!domains.insert(d).second) {
        return Status::invalid(path + ".domains: '" + forLog(d, 64) +
                               "' belongs to another tenant already");
      }
    }
    out->push_back(std::move(*tenant));
  }
  return Status();
}

// "mailServers": names are unique.
Status mailServersFromJson(const Poco::JSON::Object& doc, SettingsCheck check,
                           std::vector<MailServer>* out) {
  if (!doc.has("mailServers") || doc.isNull("mailServers")) {
    return Status();
  }
  auto arr = doc.getArray("mailServers");
  if (!arr) {
    return Status::invalid("mailServers: expected an array");
  }
  std::set<std::string> names;
  for (unsigned i = 0; i < arr->size(); ++i) {
    const std::string path = "mailServers[" + std::to_string(i) + "]";
    auto o = arr->getObject(i);
    if (!o) {
      return Status::invalid(path + ": expected an object");
    }
    Result<MailServer> server = mailServerFromJson(*o, path, check == SettingsCheck::kInput);
    if (!server.ok()) {
      return server.error();
    }
    if (!names.insert(server->name).second) {
      return Status::invalid(path + ".name: '" + forLog(server->name, 64) + "' is used twice");
    }
    out->push_back(std::move(*server));
  }
  return Status();
}

}  // namespace

Result<Settings> settingsFromJson(const Poco::JSON::Object& doc, SettingsCheck check) {
  static const std::set<std::string> kTop = {"exchange",         "graph",  "mailServers", "cns",
                                             "registrationKeys", "policy", "alerts"};
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
  ENP_RETURN_IF_ERROR(graphFromJson(doc, check, &s.graph));
  ENP_RETURN_IF_ERROR(mailServersFromJson(doc, check, &s.mailServers));
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
  Poco::JSON::Array::Ptr tenants = new Poco::JSON::Array;
  for (const auto& g : s.graph) {
    tenants->add(graphTenantToJson(g, withSecrets));
  }
  doc->set("graph", tenants);
  Poco::JSON::Array::Ptr mailServers = new Poco::JSON::Array;
  for (const auto& m : s.mailServers) {
    mailServers->add(mailServerToJson(m));
  }
  doc->set("mailServers", mailServers);
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
  for (size_t i = 0; i < next->graph.size(); ++i) {
    GraphTenant& g = next->graph[i];
    if (g.auth != GraphTenant::Auth::kSecret || !g.secret.empty()) {
      continue;
    }
    for (const auto& old : previous.graph) {
      if (old.name != g.name || old.auth != GraphTenant::Auth::kSecret || old.secret.empty()) {
        continue;
      }
      const std::string field = "graph[" + std::to_string(i) + "].auth.secret";
      ENP_RETURN_IF_ERROR(secretMayFollow(field, old.tokenUrl(), g.tokenUrl()));
      if (old.clientId != g.clientId || old.tenantId != g.tenantId) {
        return Status::invalid(
            field +
            ": the tenant or client id changed: enter the secret of that app "
            "registration (a stored secret is only sent where it was saved for)");
      }
      g.secret = old.secret;
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

const GraphTenant* Settings::graphFor(const std::string& mailbox) const {
  if (graph.empty()) {
    return nullptr;
  }
  const auto at = mailbox.rfind('@');
  const std::string domain = at == std::string::npos ? "" : Poco::toLower(mailbox.substr(at + 1));
  for (const auto& g : graph) {
    for (const auto& d : g.domains) {
      if (d == domain) {
        return &g;
      }
    }
  }
  return nullptr;
}

std::vector<std::string> Settings::graphDomains() const {
  std::vector<std::string> out;
  for (const auto& g : graph) {
    out.insert(out.end(), g.domains.begin(), g.domains.end());
  }
  return out;
}

const MailServer* Settings::mailServer(const std::string& name) const {
  for (const auto& m : mailServers) {
    if (m.name == name) {
      return &m;
    }
  }
  return nullptr;
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
  if (exchange.empty() && graph.empty() && mailServers.empty()) {
    missing.push_back(
        "exchange: no Exchange server configured (nor a graph tenant or a mail server)");
  }
  for (const auto& g : graph) {
    if (g.auth == GraphTenant::Auth::kSecret && g.secret.empty()) {
      missing.push_back("graph " + g.name + ": auth.secret not set");
    }
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
