// settings "graph[]": one Exchange Online tenant reached through Microsoft Graph.
#include "enp/config/graph_tenant.h"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <cctype>

#include "enp/common/log_text.h"
#include "enp/config/json_fields.h"
#include "enp/config/settings.h"

namespace enp {
namespace {

using json::join;

// 8-4-4-4-12 hexadecimal digits, as Entra ID writes application and directory ids.
bool isGuid(const std::string& s) {
  if (s.size() != 36) {
    return false;
  }
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : std::isxdigit(static_cast<unsigned char>(s[i])) == 0) {
      return false;
    }
  }
  return true;
}

// A tenant id goes into the token URL's path: a GUID or a domain name (contoso.onmicrosoft.com).
bool isTenantId(const std::string& s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.front() == '-') {
    return false;
  }
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

Status readUrl(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
               json::Text line, bool required, std::string* out) {
  ENP_RETURN_IF_ERROR(json::getString(o, key, path, out, line));
  while (!out->empty() && out->back() == '/') {
    out->pop_back();
  }
  if (out->empty() && !required) {
    return Status();
  }
  return json::checkHttpUrl(*out, join(path, key));
}

}  // namespace

Result<GraphTenant> graphTenantFromJson(const Poco::JSON::Object& o, const std::string& path,
                                        SettingsCheck check) {
  const bool input = check == SettingsCheck::kInput;
  const json::Text line = input ? json::Text::kLine : json::Text::kUnchecked;
  GraphTenant g;
  if (input) {
    ENP_RETURN_IF_ERROR(
        json::checkFields(o, path,
                          {"name", "tenantId", "clientId", "auth", "domains", "notificationBaseUrl",
                           "authorityUrl", "graphUrl", "caFile"}));
  }
  ENP_RETURN_IF_ERROR(json::getString(o, "name", path, &g.name, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "tenantId", path, &g.tenantId, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "clientId", path, &g.clientId, line));
  ENP_RETURN_IF_ERROR(json::getStringArray(o, "domains", path, &g.domains, line));
  if (g.name.empty()) {
    return Status::invalid(join(path, "name") + ": required");
  }
  if (!isTenantId(g.tenantId)) {
    return Status::invalid(join(path, "tenantId") +
                           ": expected the directory (tenant) id, a GUID or a domain name, got '" +
                           forLog(g.tenantId, 64) + "'");
  }
  if (!isGuid(g.clientId)) {
    return Status::invalid(join(path, "clientId") +
                           ": expected the application (client) id, a GUID, got '" +
                           forLog(g.clientId, 64) + "'");
  }
  for (auto& d : g.domains) {
    d = Poco::toLower(Poco::trim(d));
    if (!d.empty() && d.front() == '@') {
      d.erase(0, 1);
    }
  }
  std::erase(g.domains, std::string());
  if (g.domains.empty()) {
    return Status::invalid(
        join(path, "domains") +
        ": at least one mail domain (a tenant serves only the domains it lists)");
  }
  ENP_RETURN_IF_ERROR(readUrl(o, "notificationBaseUrl", path, line, false, &g.notificationBaseUrl));
  ENP_RETURN_IF_ERROR(readUrl(o, "authorityUrl", path, line, true, &g.authorityUrl));
  ENP_RETURN_IF_ERROR(readUrl(o, "graphUrl", path, line, true, &g.graphUrl));
  ENP_RETURN_IF_ERROR(json::getString(o, "caFile", path, &g.caFile, line));
  if (input) {
    ENP_RETURN_IF_ERROR(json::checkFileExists(g.caFile, join(path, "caFile")));
  }

  Poco::JSON::Object::Ptr auth;
  ENP_RETURN_IF_ERROR(json::getObject(o, "auth", path, &auth));
  const std::string ap = join(path, "auth");
  if (!auth) {
    return Status::invalid(ap + ": required");
  }
  if (input) {
    ENP_RETURN_IF_ERROR(
        json::checkFields(*auth, ap, {"type", "certFile", "keyFile", "secret", "secretSet"}));
  }
  std::string type;
  ENP_RETURN_IF_ERROR(json::getString(*auth, "type", ap, &type, line));
  ENP_RETURN_IF_ERROR(json::getString(*auth, "certFile", ap, &g.certFile, line));
  ENP_RETURN_IF_ERROR(json::getString(*auth, "keyFile", ap, &g.keyFile, line));
  ENP_RETURN_IF_ERROR(json::getString(*auth, "secret", ap, &g.secret, line));
  if (type == "certificate") {
    g.auth = GraphTenant::Auth::kCertificate;
    if (g.certFile.empty() || g.keyFile.empty()) {
      return Status::invalid(ap + ": a certificate credential needs certFile and keyFile");
    }
    g.secret.clear();
  } else if (type == "secret") {
    g.auth = GraphTenant::Auth::kSecret;
  } else {
    return Status::invalid(join(ap, "type") + ": expected certificate|secret, got '" +
                           forLog(type, 64) + "'");
  }
  return g;
}

Poco::JSON::Object::Ptr graphTenantToJson(const GraphTenant& g, bool withSecrets) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("name", g.name);
  o->set("tenantId", g.tenantId);
  o->set("clientId", g.clientId);
  Poco::JSON::Object::Ptr auth = new Poco::JSON::Object;
  if (g.auth == GraphTenant::Auth::kCertificate) {
    auth->set("type", std::string("certificate"));
    auth->set("certFile", g.certFile);
    auth->set("keyFile", g.keyFile);
  } else {
    auth->set("type", std::string("secret"));
    if (withSecrets) {
      auth->set("secret", g.secret);
    } else if (!g.secret.empty()) {
      auth->set("secretSet", true);
    }
  }
  o->set("auth", auth);
  Poco::JSON::Array::Ptr domains = new Poco::JSON::Array;
  for (const auto& d : g.domains) {
    domains->add(d);
  }
  o->set("domains", domains);
  o->set("notificationBaseUrl", g.notificationBaseUrl);
  o->set("authorityUrl", g.authorityUrl);
  o->set("graphUrl", g.graphUrl);
  o->set("caFile", g.caFile);
  return o;
}

}  // namespace enp
