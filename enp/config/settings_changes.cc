#include "enp/config/settings_changes.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "enp/common/log_text.h"

namespace enp {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;
using Kind = SettingChange::Kind;

// How long a value's JSON may be in the audit log, and on a line (a whole server fits).
constexpr size_t kAuditValueMax = 160;
constexpr size_t kLineValueMax = 400;

std::string jsonText(const Var& v) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(v, out);
  return out.str();
}

// The markers an export without secrets writes: secrets are compared apart (secretChange).
bool isSecretMarker(const std::string& key) {
  return key == "passwordSet" || key == "tokenSet" || key == "keySet";
}

class Differ {
 public:
  Differ(std::string section, std::vector<SettingChange>* out)
      : section_(std::move(section)), out_(out) {}

  void add(const std::string& path, Kind kind, Var before, Var after) {
    out_->push_back({section_, path, kind, false, std::move(before), std::move(after)});
  }

  // Objects member by member; anything else as a whole.
  void value(const std::string& path, const Var& before, const Var& after) {
    if (before.type() == typeid(Object::Ptr) && after.type() == typeid(Object::Ptr)) {
      object(path, *before.extract<Object::Ptr>(), *after.extract<Object::Ptr>());
    } else if (jsonText(before) != jsonText(after)) {
      add(path, Kind::kChanged, before, after);
    }
  }

  void object(const std::string& path, const Object& before, const Object& after) {
    std::set<std::string> keys;
    for (const auto& [key, v] : before) {
      keys.insert(key);
    }
    for (const auto& [key, v] : after) {
      keys.insert(key);
    }
    for (const std::string& key : keys) {
      if (isSecretMarker(key)) {
        continue;
      }
      const std::string sub = path.empty() ? key : path + "." + key;
      if (!after.has(key)) {
        add(sub, Kind::kRemoved, before.get(key), Var());
      } else if (!before.has(key)) {
        add(sub, Kind::kAdded, Var(), after.get(key));
      } else {
        value(sub, before.get(key), after.get(key));
      }
    }
  }

  void secret(const std::string& path, const std::string& before, const std::string& after) {
    if (before.empty() && after.empty()) {
      return;
    }
    const Kind kind = before.empty()    ? Kind::kAdded
                      : after.empty()   ? Kind::kRemoved
                      : before != after ? Kind::kChanged
                                        : Kind::kKept;
    out_->push_back({section_, path, kind, true, Var(), Var()});
  }

 private:
  std::string section_;
  std::vector<SettingChange>* out_;
};

// Elements of a list matched by a key (servers by name, registration keys by label): removed,
// added whole, or compared member by member; `secrets` compares the secrets of a matched pair.
template <typename T, typename KeyFn, typename ToJson, typename SecretsFn>
void list(Differ& d, const std::string& section, const std::vector<T>& before,
          const std::vector<T>& after, KeyFn key, ToJson toJson, SecretsFn secrets) {
  std::map<std::string, const T*> old;
  for (const T& b : before) {
    old[key(b)] = &b;
  }
  std::set<std::string> seen;
  for (const T& a : after) {
    const std::string path = section + "[" + key(a) + "]";
    seen.insert(key(a));
    auto it = old.find(key(a));
    if (it == old.end()) {
      d.add(path, Kind::kAdded, Var(), toJson(a));
      continue;
    }
    d.object(path, *toJson(*it->second), *toJson(a));
    secrets(path, *it->second, a);
  }
  for (const T& b : before) {
    if (seen.count(key(b)) == 0) {
      d.add(section + "[" + key(b) + "]", Kind::kRemoved, toJson(b), Var());
    }
  }
}

void exchangeChanges(Differ& d, const Settings& before, const Settings& after) {
  list(
      d, "exchange", before.exchange, after.exchange,
      [](const ExchangeServer& s) { return s.name; },
      [](const ExchangeServer& s) { return exchangeServerToJson(s, false); },
      [&d](const std::string& path, const ExchangeServer& b, const ExchangeServer& a) {
        d.secret(path + ".auth.password", b.auth.password, a.auth.password);
      });
  // The order decides which server a mailbox goes to: compared among the servers kept.
  Array::Ptr was = new Array, is = new Array;
  for (const auto& b : before.exchange) {
    if (std::any_of(after.exchange.begin(), after.exchange.end(),
                    [&](const ExchangeServer& a) { return a.name == b.name; })) {
      was->add(b.name);
    }
  }
  for (const auto& a : after.exchange) {
    if (std::any_of(before.exchange.begin(), before.exchange.end(),
                    [&](const ExchangeServer& b) { return a.name == b.name; })) {
      is->add(a.name);
    }
  }
  if (jsonText(was) != jsonText(is)) {
    d.add("exchange", Kind::kChanged, was, is);
  }
}

void registrationKeyChanges(Differ& d, const Settings& before, const Settings& after) {
  list(
      d, "registrationKeys", before.registrationKeys, after.registrationKeys,
      [](const RegistrationKey& k) { return k.label; },
      [](const RegistrationKey& k) { return registrationKeyToJson(k, false); },
      [&d](const std::string& path, const RegistrationKey& b, const RegistrationKey& a) {
        d.secret(path + ".key", b.key, a.key);
      });
}

void graphChanges(Differ& d, const Settings& before, const Settings& after) {
  list(
      d, "graph", before.graph, after.graph, [](const GraphTenant& g) { return g.name; },
      [](const GraphTenant& g) { return graphTenantToJson(g, false); },
      [&d](const std::string& path, const GraphTenant& b, const GraphTenant& a) {
        d.secret(path + ".auth.secret", b.secret, a.secret);
      });
}

// Mail servers hold no secret (the passwords are the registrations').
void mailServerChanges(Differ& d, const Settings& before, const Settings& after) {
  list(
      d, "mailServers", before.mailServers, after.mailServers,
      [](const MailServer& m) { return m.name; },
      [](const MailServer& m) { return mailServerToJson(m); },
      [](const std::string&, const MailServer&, const MailServer&) {});
}

std::string cut(const Var& v) { return forLog(jsonText(v), kLineValueMax); }

}  // namespace

const char* toString(SettingChange::Kind kind) {
  switch (kind) {
    case Kind::kAdded:
      return "added";
    case Kind::kRemoved:
      return "removed";
    case Kind::kChanged:
      return "changed";
    case Kind::kKept:
      return "kept";
  }
  return "changed";
}

std::vector<SettingChange> settingsChanges(const Settings& before, const Settings& after,
                                           const std::vector<std::string>& sections) {
  std::vector<SettingChange> out;
  for (const std::string& section : sections) {
    Differ d(section, &out);
    if (section == "exchange") {
      exchangeChanges(d, before, after);
    } else if (section == "graph") {
      graphChanges(d, before, after);
    } else if (section == "mailServers") {
      mailServerChanges(d, before, after);
    } else if (section == "cns") {
      d.object("cns", *cnsToJson(before.cns, false), *cnsToJson(after.cns, false));
      d.secret("cns.token", before.cns.token, after.cns.token);
      d.secret("cns.key", before.cns.key, after.cns.key);
    } else if (section == "registrationKeys") {
      registrationKeyChanges(d, before, after);
    } else if (section == "policy") {
      d.object("policy", *policySettingsToJson(before.policy), *policySettingsToJson(after.policy));
    } else if (section == "alerts") {
      d.object("alerts", *alertSettingsToJson(before.alerts, false),
               *alertSettingsToJson(after.alerts, false));
      d.secret("alerts.smtp.password", before.alerts.smtp.password, after.alerts.smtp.password);
    }
  }
  return out;
}

bool anyChange(const std::vector<SettingChange>& changes) {
  return std::any_of(changes.begin(), changes.end(),
                     [](const SettingChange& c) { return c.kind != Kind::kKept; });
}

Poco::JSON::Array::Ptr changesToJson(const std::vector<SettingChange>& changes, size_t maxBytes,
                                     size_t* omitted) {
  Array::Ptr out = new Array;
  size_t bytes = 2;
  size_t left = 0;
  for (const SettingChange& c : changes) {
    if (left > 0) {
      ++left;
      continue;
    }
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("path", c.path);
    o->set("change", std::string(toString(c.kind)));
    if (c.secret) {
      o->set("secret", true);
    }
    for (const auto& [name, v] : {std::pair{"before", &c.before}, std::pair{"after", &c.after}}) {
      if (v->isEmpty()) {
        continue;
      }
      if (maxBytes > 0 && jsonText(*v).size() > kAuditValueMax) {
        o->set(name, forLog(jsonText(*v), kAuditValueMax));
      } else {
        o->set(name, *v);
      }
    }
    const size_t size = jsonText(o).size() + 1;
    if (maxBytes > 0 && bytes + size > maxBytes) {
      left = 1;
      continue;
    }
    bytes += size;
    out->add(o);
  }
  if (omitted != nullptr) {
    *omitted = left;
  }
  return out;
}

std::string describeChange(const SettingChange& c) {
  if (c.secret) {
    return c.path + ": secret " + toString(c.kind);
  }
  switch (c.kind) {
    case Kind::kAdded:
      return c.path + ": added " + cut(c.after);
    case Kind::kRemoved:
      return c.path + ": removed (was " + cut(c.before) + ")";
    default:
      return c.path + ": " + cut(c.before) + " -> " + cut(c.after);
  }
}

}  // namespace enp
