// The parts of the settings document: parsing and rendering one section each.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <set>

#include "enp/common/log_text.h"
#include "enp/config/cns_key.h"
#include "enp/config/json_fields.h"
#include "enp/config/settings.h"

namespace enp {
namespace {

using json::checkFileExists;
using json::checkHttpUrl;
using json::getInt;
using json::getString;
using json::getStringArray;
using json::join;

// An http:// URL with Basic authentication sends the password in clear on every request.
Status checkInsecureBasic(const ExchangeServer& s, const std::string& path) {
  const bool http = Poco::icompare(s.ewsUrl.substr(0, 7), "http://") == 0;
  if (!http || s.auth.type != ews::Auth::Type::kBasic || s.allowInsecureHttp) {
    return Status();
  }
  return Status::invalid(join(path, "ewsUrl") +
                         ": an http:// URL with Basic authentication sends the service "
                         "account's password in clear; use https://, or for a lab set "
                         "\"allowInsecureHttp\": true");
}

}  // namespace

Result<ExchangeServer> exchangeServerFromJson(const Poco::JSON::Object& o, const std::string& path,
                                              SettingsCheck check) {
  const bool input = check == SettingsCheck::kInput;
  const json::Text line = input ? json::Text::kLine : json::Text::kUnchecked;
  ExchangeServer server;
  ExchangeServer* s = &server;
  std::string version = ews::toString(s->version);
  if (input) {
    ENP_RETURN_IF_ERROR(
        json::checkFields(o, path,
                          {"name", "ewsUrl", "version", "auth", "caFile", "domains",
                           "subscriptions", "statusFrequencyMinutes", "allowInsecureHttp"}));
  }
  std::string subscriptions = "app";
  ENP_RETURN_IF_ERROR(getString(o, "subscriptions", path, &subscriptions, line));
  if (subscriptions == "enp") {
    s->subscriptions = ExchangeServer::Subscriptions::kEnp;
  } else if (subscriptions != "app") {
    return Status::invalid(join(path, "subscriptions") + ": expected app|enp, got '" +
                           forLog(subscriptions, 64) + "'");
  }
  ENP_RETURN_IF_ERROR(
      json::getInt(o, "statusFrequencyMinutes", path, 1, 1440, &s->statusFrequencyMinutes));
  ENP_RETURN_IF_ERROR(getString(o, "name", path, &s->name, line));
  ENP_RETURN_IF_ERROR(getString(o, "ewsUrl", path, &s->ewsUrl, line));
  ENP_RETURN_IF_ERROR(getString(o, "version", path, &version, line));
  ENP_RETURN_IF_ERROR(getString(o, "caFile", path, &s->caFile, line));
  ENP_RETURN_IF_ERROR(json::getBool(o, "allowInsecureHttp", path, &s->allowInsecureHttp));
  ENP_RETURN_IF_ERROR(getStringArray(o, "domains", path, &s->domains, line));
  if (s->name.empty()) {
    return Status::invalid(join(path, "name") + ": required");
  }
  ENP_RETURN_IF_ERROR(checkHttpUrl(s->ewsUrl, join(path, "ewsUrl")));
  auto v = ews::parseServerVersion(version);
  if (!v) {
    return Status::invalid(join(path, "version") +
                           ": expected Exchange2007_SP1|Exchange2010|Exchange2010_SP1|"
                           "Exchange2010_SP2|Exchange2013|Exchange2013_SP1|Exchange2016, got '" +
                           forLog(version, 64) + "'");
  }
  s->version = *v;
  for (auto& d : s->domains) {
    d = Poco::toLower(Poco::trim(d));
    if (!d.empty() && d.front() == '@') {
      d.erase(0, 1);
    }
  }
  Poco::JSON::Object::Ptr auth;
  ENP_RETURN_IF_ERROR(json::getObject(o, "auth", path, &auth));
  if (!auth) {
    return Status::invalid(join(path, "auth") + ": required");
  }
  std::string ap = join(path, "auth");
  std::string type = "basic";
  if (input) {
    ENP_RETURN_IF_ERROR(json::checkFields(
        *auth, ap, {"type", "username", "password", "passwordSet", "certFile", "keyFile"}));
  }
  ENP_RETURN_IF_ERROR(getString(*auth, "type", ap, &type, line));
  ENP_RETURN_IF_ERROR(getString(*auth, "username", ap, &s->auth.username, line));
  ENP_RETURN_IF_ERROR(getString(*auth, "password", ap, &s->auth.password, line));
  ENP_RETURN_IF_ERROR(getString(*auth, "certFile", ap, &s->auth.certFile, line));
  ENP_RETURN_IF_ERROR(getString(*auth, "keyFile", ap, &s->auth.keyFile, line));
  if (!ews::parseAuthType(type, &s->auth.type) || s->auth.type == ews::Auth::Type::kNone) {
    return Status::invalid(ap + ".type: expected basic|ntlm|negotiate|certificate, got '" +
                           forLog(type, 64) + "'");
  }
  if (s->auth.type == ews::Auth::Type::kCertificate) {
    if (s->auth.certFile.empty() || s->auth.keyFile.empty()) {
      return Status::invalid(ap + ": certificate authentication needs certFile and keyFile");
    }
  } else if (s->auth.username.empty() && s->auth.type != ews::Auth::Type::kNegotiate) {
    return Status::invalid(ap + ".username: required for " + type + " authentication");
  }
  if (input) {
    ENP_RETURN_IF_ERROR(checkInsecureBasic(*s, path));
    ENP_RETURN_IF_ERROR(checkFileExists(s->caFile, join(path, "caFile")));
    if (s->auth.type == ews::Auth::Type::kCertificate) {
      ENP_RETURN_IF_ERROR(checkFileExists(s->auth.certFile, ap + ".certFile"));
      ENP_RETURN_IF_ERROR(checkFileExists(s->auth.keyFile, ap + ".keyFile"));
    }
  }
  return server;
}

Result<CnsSettings> cnsFromJson(const Poco::JSON::Object& o, const std::string& p,
                                SettingsCheck check) {
  const bool input = check == SettingsCheck::kInput;
  const json::Text line = input ? json::Text::kLine : json::Text::kUnchecked;
  const json::Text lines = input ? json::Text::kLines : json::Text::kUnchecked;
  CnsSettings cns;
  CnsSettings* c = &cns;
  if (input) {
    ENP_RETURN_IF_ERROR(json::checkFields(o, p,
                                          {"url", "organizationId", "token", "tokenSet", "audience",
                                           "algorithm", "key", "keySet", "keyId", "publicKey"}));
  }
  ENP_RETURN_IF_ERROR(getString(o, "url", p, &c->url, line));
  ENP_RETURN_IF_ERROR(getString(o, "organizationId", p, &c->organizationId, line));
  ENP_RETURN_IF_ERROR(getString(o, "token", p, &c->token, line));
  ENP_RETURN_IF_ERROR(getString(o, "audience", p, &c->audience, line));
  ENP_RETURN_IF_ERROR(getString(o, "algorithm", p, &c->algorithm, line));
  ENP_RETURN_IF_ERROR(getString(o, "key", p, &c->key, lines));
  ENP_RETURN_IF_ERROR(getString(o, "keyId", p, &c->keyId, line));
  if (!c->url.empty()) {
    ENP_RETURN_IF_ERROR(checkHttpUrl(c->url, join(p, "url")));
  }
  static const std::set<std::string> kAlgs = {"HS256", "RS256", "ES256"};
  if (kAlgs.count(c->algorithm) == 0) {
    return Status::invalid(join(p, "algorithm") + ": expected HS256|RS256|ES256, got '" +
                           forLog(c->algorithm, 64) + "'");
  }
  if (check == SettingsCheck::kInput && !c->key.empty()) {
    Result<CnsKey> key = readCnsKey(c->algorithm, c->key, join(p, "key"));
    if (!key.ok()) {
      return key.error();
    }
  }
  return cns;
}

Result<PolicySettings> policySettingsFromJson(const Poco::JSON::Object& o, const std::string& path,
                                              SettingsCheck check) {
  PolicySettings policy;
  PolicySettings* p = &policy;
  if (check == SettingsCheck::kInput) {
    ENP_RETURN_IF_ERROR(json::checkFields(
        o, path, {"privacy", "snippetLength", "maxAgeMinutes", "registrationDefaults"}));
  }
  Poco::JSON::Object::Ptr defaults;
  ENP_RETURN_IF_ERROR(
      getString(o, "privacy", path, &p->privacy,
                check == SettingsCheck::kInput ? json::Text::kLine : json::Text::kUnchecked));
  ENP_RETURN_IF_ERROR(getInt(o, "snippetLength", path, 0, 4096, &p->snippetLength));
  ENP_RETURN_IF_ERROR(getInt(o, "maxAgeMinutes", path, 1, 7 * 24 * 60, &p->maxAgeMinutes));
  ENP_RETURN_IF_ERROR(json::getObject(o, "registrationDefaults", path, &defaults));
  static const std::set<std::string> kLevels = {"full", "no-snippet", "sender-only", "none"};
  if (kLevels.count(p->privacy) == 0) {
    return Status::invalid(join(path, "privacy") +
                           ": expected full|no-snippet|sender-only|none, got '" +
                           forLog(p->privacy, 64) + "'");
  }
  p->registrationDefaults = "{}";
  if (defaults) {
    ENP_RETURN_IF_ERROR(json::checkFields(*defaults, join(path, "registrationDefaults"),
                                          {"timeZone", "workHours", "workHoursOnly",
                                           "weekendAlerts", "vipAfterHours", "vips", "detailed"}));
    p->registrationDefaults = json::stringify(defaults);
  }
  return policy;
}

namespace {

void setSecret(Poco::JSON::Object& o, const std::string& key, const std::string& value,
               bool withSecrets) {
  if (withSecrets) {
    o.set(key, value);
  } else if (!value.empty()) {
    o.set(key + "Set", true);
  }
}

}  // namespace

Poco::JSON::Object::Ptr exchangeServerToJson(const ExchangeServer& e, bool withSecrets) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("name", e.name);
  o->set("ewsUrl", e.ewsUrl);
  o->set("version", std::string(ews::toString(e.version)));
  Poco::JSON::Object::Ptr auth = new Poco::JSON::Object;
  auth->set("type", std::string(ews::toString(e.auth.type)));
  auth->set("username", e.auth.username);
  setSecret(*auth, "password", e.auth.password, withSecrets);
  auth->set("certFile", e.auth.certFile);
  auth->set("keyFile", e.auth.keyFile);
  o->set("auth", auth);
  o->set("caFile", e.caFile);
  Poco::JSON::Array::Ptr domains = new Poco::JSON::Array;
  for (const auto& d : e.domains) {
    domains->add(d);
  }
  o->set("domains", domains);
  o->set("subscriptions",
         std::string(e.subscriptions == ExchangeServer::Subscriptions::kEnp ? "enp" : "app"));
  o->set("statusFrequencyMinutes", e.statusFrequencyMinutes);
  if (e.allowInsecureHttp) {
    o->set("allowInsecureHttp", true);
  }
  return o;
}

Poco::JSON::Object::Ptr cnsToJson(const CnsSettings& c, bool withSecrets) {
  Poco::JSON::Object::Ptr cns = new Poco::JSON::Object;
  cns->set("url", c.url);
  cns->set("organizationId", c.organizationId);
  setSecret(*cns, "token", c.token, withSecrets);
  cns->set("audience", c.audience);
  cns->set("algorithm", c.algorithm);
  setSecret(*cns, "key", c.key, withSecrets);
  cns->set("keyId", c.keyId);
  return cns;
}

Poco::JSON::Object::Ptr policySettingsToJson(const PolicySettings& p) {
  Poco::JSON::Object::Ptr policy = new Poco::JSON::Object;
  policy->set("privacy", p.privacy);
  policy->set("snippetLength", p.snippetLength);
  policy->set("maxAgeMinutes", p.maxAgeMinutes);
  policy->set("registrationDefaults", Poco::JSON::Parser().parse(p.registrationDefaults));
  return policy;
}

Poco::JSON::Object::Ptr registrationKeyToJson(const RegistrationKey& k, bool withSecrets) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("label", k.label);
  setSecret(*o, "key", k.key, withSecrets);
  return o;
}

}  // namespace enp
