#include "enp/config/settings.h"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <set>

#include "enp/config/json_fields.h"

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
  *error = path + ": expected an http(s) URL, got '" + url + "'";
  return false;
}

bool objectAt(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
              Poco::JSON::Object::Ptr* out, std::string* error) {
  if (!o.has(key) || o.isNull(key)) {
    return true;
  }
  *out = o.getObject(key);
  if (!*out) {
    *error = join(path, key) + ": expected an object";
    return false;
  }
  return true;
}

bool parseServer(const Poco::JSON::Object& o, const std::string& path, ExchangeServer* s,
                 std::string* error) {
  std::string version = ews::toString(s->version);
  if (!getString(o, "name", path, &s->name, error) ||
      !getString(o, "ewsUrl", path, &s->ewsUrl, error) ||
      !getString(o, "version", path, &version, error) ||
      !getString(o, "caFile", path, &s->caFile, error) ||
      !getStringArray(o, "domains", path, &s->domains, error)) {
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
             version + "'";
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
  if (!objectAt(o, "auth", path, &auth, error)) {
    return false;
  }
  if (!auth) {
    *error = join(path, "auth") + ": required";
    return false;
  }
  std::string ap = join(path, "auth");
  std::string type = "basic";
  if (!getString(*auth, "type", ap, &type, error) ||
      !getString(*auth, "username", ap, &s->auth.username, error) ||
      !getString(*auth, "password", ap, &s->auth.password, error) ||
      !getString(*auth, "certFile", ap, &s->auth.certFile, error) ||
      !getString(*auth, "keyFile", ap, &s->auth.keyFile, error)) {
    return false;
  }
  if (!ews::parseAuthType(type, &s->auth.type) || s->auth.type == ews::Auth::Type::kNone) {
    *error = ap + ".type: expected basic|ntlm|negotiate|certificate, got '" + type + "'";
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

bool parseCns(const Poco::JSON::Object& o, CnsSettings* c, std::string* error) {
  const std::string p = "cns";
  if (!getString(o, "url", p, &c->url, error) ||
      !getString(o, "organizationId", p, &c->organizationId, error) ||
      !getString(o, "token", p, &c->token, error) ||
      !getString(o, "audience", p, &c->audience, error) ||
      !getString(o, "algorithm", p, &c->algorithm, error) ||
      !getString(o, "key", p, &c->key, error) || !getString(o, "keyId", p, &c->keyId, error)) {
    return false;
  }
  if (!c->url.empty() && !checkUrl(c->url, "cns.url", error)) {
    return false;
  }
  static const std::set<std::string> kAlgs = {"HS256", "RS256", "ES256"};
  if (kAlgs.count(c->algorithm) == 0) {
    *error = "cns.algorithm: expected HS256|RS256|ES256, got '" + c->algorithm + "'";
    return false;
  }
  return true;
}

bool parsePolicy(const Poco::JSON::Object& o, PolicySettings* p, std::string* error) {
  if (!getString(o, "privacy", "policy", &p->privacy, error) ||
      !getInt(o, "snippetLength", "policy", 0, 4096, &p->snippetLength, error) ||
      !getInt(o, "maxAgeMinutes", "policy", 1, 7 * 24 * 60, &p->maxAgeMinutes, error)) {
    return false;
  }
  static const std::set<std::string> kLevels = {"full", "no-snippet", "sender-only", "none"};
  if (kLevels.count(p->privacy) == 0) {
    *error = "policy.privacy: expected full|no-snippet|sender-only|none, got '" + p->privacy + "'";
    return false;
  }
  return true;
}

}  // namespace

bool settingsFromJson(const Poco::JSON::Object& doc, Settings* out, std::string* error) {
  static const std::set<std::string> kTop = {"exchange", "cns", "registrationKeys", "policy"};
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
      if (!parseServer(*o, path, &server, error)) {
        return false;
      }
      if (!names.insert(server.name).second) {
        *error = path + ".name: '" + server.name + "' is used twice";
        return false;
      }
      s.exchange.push_back(std::move(server));
    }
  }
  Poco::JSON::Object::Ptr cns, policy;
  if (!objectAt(doc, "cns", "", &cns, error) || (cns && !parseCns(*cns, &s.cns, error)) ||
      !objectAt(doc, "policy", "", &policy, error) ||
      (policy && !parsePolicy(*policy, &s.policy, error))) {
    return false;
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
      if (!getString(*o, "label", path, &k.label, error) ||
          !getString(*o, "key", path, &k.key, error)) {
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
  auto secret = [&](Poco::JSON::Object& o, const std::string& key, const std::string& value) {
    if (withSecrets) {
      o.set(key, value);
    } else if (!value.empty()) {
      o.set(key + "Set", true);
    }
  };
  Poco::JSON::Object::Ptr doc = new Poco::JSON::Object;
  Poco::JSON::Array::Ptr servers = new Poco::JSON::Array;
  for (const auto& e : s.exchange) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("name", e.name);
    o->set("ewsUrl", e.ewsUrl);
    o->set("version", std::string(ews::toString(e.version)));
    Poco::JSON::Object::Ptr auth = new Poco::JSON::Object;
    auth->set("type", std::string(ews::toString(e.auth.type)));
    auth->set("username", e.auth.username);
    secret(*auth, "password", e.auth.password);
    auth->set("certFile", e.auth.certFile);
    auth->set("keyFile", e.auth.keyFile);
    o->set("auth", auth);
    o->set("caFile", e.caFile);
    Poco::JSON::Array::Ptr domains = new Poco::JSON::Array;
    for (const auto& d : e.domains) {
      domains->add(d);
    }
    o->set("domains", domains);
    servers->add(o);
  }
  doc->set("exchange", servers);
  Poco::JSON::Object::Ptr cns = new Poco::JSON::Object;
  cns->set("url", s.cns.url);
  cns->set("organizationId", s.cns.organizationId);
  secret(*cns, "token", s.cns.token);
  cns->set("audience", s.cns.audience);
  cns->set("algorithm", s.cns.algorithm);
  secret(*cns, "key", s.cns.key);
  cns->set("keyId", s.cns.keyId);
  doc->set("cns", cns);
  Poco::JSON::Array::Ptr keys = new Poco::JSON::Array;
  for (const auto& k : s.registrationKeys) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("label", k.label);
    secret(*o, "key", k.key);
    keys->add(o);
  }
  doc->set("registrationKeys", keys);
  Poco::JSON::Object::Ptr policy = new Poco::JSON::Object;
  policy->set("privacy", s.policy.privacy);
  policy->set("snippetLength", s.policy.snippetLength);
  policy->set("maxAgeMinutes", s.policy.maxAgeMinutes);
  doc->set("policy", policy);
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
  if (registrationKeys.empty()) {
    missing.push_back("registrationKeys: none, so no device can register");
  }
  return missing;
}

}  // namespace enp
