// The parts of the settings document: parsing and rendering one section each.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <set>

#include "enp/common/log_text.h"
#include "enp/config/cns_key.h"
#include "enp/config/json_fields.h"
#include "enp/config/settings.h"

namespace enp {
namespace {

using json::getInt;
using json::getString;
using json::getStringArray;
using json::join;

bool checkUrl(const std::string& url, const std::string& path, std::string* error) {
  try {
    Poco::URI uri(url);
    if ((uri.getScheme() == "https" || uri.getScheme() == "http") && !uri.getHost().empty()) {
      return true;
    }
  } catch (const Poco::Exception&) {
  }
  *error = path + ": expected an http(s) URL, got '" + forLog(url, 64) + "'";
  return false;
}

}  // namespace

bool exchangeServerFromJson(const Poco::JSON::Object& o, const std::string& path, ExchangeServer* s,
                            std::string* error, SettingsCheck check) {
  const bool input = check == SettingsCheck::kInput;
  const json::Text line = input ? json::Text::kLine : json::Text::kUnchecked;
  std::string version = ews::toString(s->version);
  if (input && !json::checkFields(
                   o, path, {"name", "ewsUrl", "version", "auth", "caFile", "domains"}, error)) {
    return false;
  }
  if (!getString(o, "name", path, &s->name, error, line) ||
      !getString(o, "ewsUrl", path, &s->ewsUrl, error, line) ||
      !getString(o, "version", path, &version, error, line) ||
      !getString(o, "caFile", path, &s->caFile, error, line) ||
      !getStringArray(o, "domains", path, &s->domains, error, line)) {
    return false;
  }
  if (s->name.empty()) {
    *error = join(path, "name") + ": required";
    return false;
  }
  if (!checkUrl(s->ewsUrl, join(path, "ewsUrl"), error)) {
    return false;
  }
  auto v = ews::parseServerVersion(version);
  if (!v) {
    *error = join(path, "version") +
             ": expected Exchange2007_SP1|Exchange2010|Exchange2010_SP1|Exchange2010_SP2|"
             "Exchange2013|Exchange2013_SP1|Exchange2016, got '" +
             forLog(version, 64) + "'";
    return false;
  }
  s->version = *v;
  for (auto& d : s->domains) {
    d = Poco::toLower(Poco::trim(d));
    if (!d.empty() && d.front() == '@') {
      d.erase(0, 1);
    }
  }
  Poco::JSON::Object::Ptr auth;
  if (!json::getObject(o, "auth", path, &auth, error)) {
    return false;
  }
  if (!auth) {
    *error = join(path, "auth") + ": required";
    return false;
  }
  std::string ap = join(path, "auth");
  std::string type = "basic";
  if (input && !json::checkFields(
                   *auth, ap,
                   {"type", "username", "password", "passwordSet", "certFile", "keyFile"}, error)) {
    return false;
  }
  if (!getString(*auth, "type", ap, &type, error, line) ||
      !getString(*auth, "username", ap, &s->auth.username, error, line) ||
      !getString(*auth, "password", ap, &s->auth.password, error, line) ||
      !getString(*auth, "certFile", ap, &s->auth.certFile, error, line) ||
      !getString(*auth, "keyFile", ap, &s->auth.keyFile, error, line)) {
    return false;
  }
  if (!ews::parseAuthType(type, &s->auth.type) || s->auth.type == ews::Auth::Type::kNone) {
    *error =
        ap + ".type: expected basic|ntlm|negotiate|certificate, got '" + forLog(type, 64) + "'";
    return false;
  }
  if (s->auth.type == ews::Auth::Type::kCertificate) {
    if (s->auth.certFile.empty() || s->auth.keyFile.empty()) {
      *error = ap + ": certificate authentication needs certFile and keyFile";
      return false;
    }
  } else if (s->auth.username.empty() && s->auth.type != ews::Auth::Type::kNegotiate) {
    *error = ap + ".username: required for " + type + " authentication";
    return false;
  }
  return true;
}

bool cnsFromJson(const Poco::JSON::Object& o, const std::string& p, CnsSettings* c,
                 std::string* error, SettingsCheck check) {
  const bool input = check == SettingsCheck::kInput;
  const json::Text line = input ? json::Text::kLine : json::Text::kUnchecked;
  const json::Text lines = input ? json::Text::kLines : json::Text::kUnchecked;
  if (input && !json::checkFields(o, p,
                                  {"url", "organizationId", "token", "tokenSet", "audience",
                                   "algorithm", "key", "keySet", "keyId", "publicKey"},
                                  error)) {
    return false;
  }
  if (!getString(o, "url", p, &c->url, error, line) ||
      !getString(o, "organizationId", p, &c->organizationId, error, line) ||
      !getString(o, "token", p, &c->token, error, line) ||
      !getString(o, "audience", p, &c->audience, error, line) ||
      !getString(o, "algorithm", p, &c->algorithm, error, line) ||
      !getString(o, "key", p, &c->key, error, lines) ||
      !getString(o, "keyId", p, &c->keyId, error, line)) {
    return false;
  }
  if (!c->url.empty() && !checkUrl(c->url, join(p, "url"), error)) {
    return false;
  }
  static const std::set<std::string> kAlgs = {"HS256", "RS256", "ES256"};
  if (kAlgs.count(c->algorithm) == 0) {
    *error = join(p, "algorithm") + ": expected HS256|RS256|ES256, got '" +
             forLog(c->algorithm, 64) + "'";
    return false;
  }
  if (check == SettingsCheck::kInput && !c->key.empty() &&
      !readCnsKey(c->algorithm, c->key, join(p, "key"), nullptr, error)) {
    return false;
  }
  return true;
}

bool policySettingsFromJson(const Poco::JSON::Object& o, const std::string& path, PolicySettings* p,
                            std::string* error, SettingsCheck check) {
  if (check == SettingsCheck::kInput &&
      !json::checkFields(
          o, path, {"privacy", "snippetLength", "maxAgeMinutes", "registrationDefaults"}, error)) {
    return false;
  }
  Poco::JSON::Object::Ptr defaults;
  if (!getString(o, "privacy", path, &p->privacy, error,
                 check == SettingsCheck::kInput ? json::Text::kLine : json::Text::kUnchecked) ||
      !getInt(o, "snippetLength", path, 0, 4096, &p->snippetLength, error) ||
      !getInt(o, "maxAgeMinutes", path, 1, 7 * 24 * 60, &p->maxAgeMinutes, error) ||
      !json::getObject(o, "registrationDefaults", path, &defaults, error)) {
    return false;
  }
  static const std::set<std::string> kLevels = {"full", "no-snippet", "sender-only", "none"};
  if (kLevels.count(p->privacy) == 0) {
    *error = join(path, "privacy") + ": expected full|no-snippet|sender-only|none, got '" +
             forLog(p->privacy, 64) + "'";
    return false;
  }
  p->registrationDefaults = "{}";
  if (defaults) {
    if (!json::checkFields(*defaults, join(path, "registrationDefaults"),
                           {"timeZone", "workHours", "workHoursOnly", "weekendAlerts",
                            "vipAfterHours", "vips", "detailed"},
                           error)) {
      return false;
    }
    p->registrationDefaults = json::stringify(defaults);
  }
  return true;
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
